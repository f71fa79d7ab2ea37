package io.github.approvalgate.infra;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The worst case of the approval task's retries, computed from the deployed definition for one row of the template's
 * {@code ApprovalTimeout} mapping and one review mode: how many attempts, how long they can take with every delay at its
 * cap (full jitter draws each delay from 0 to the cap; the worst draw is the cap) and every attempt at the function's
 * timeout, and how many history events they write.
 *
 * @param stages approval actions of the review mode, each of which may wait the whole approval timeout
 * @param definition the state machine definition deployed for that row and mode
 * @param functionTimeoutSeconds start-approval's timeout: the longest one attempt can take
 */
public record RetryBudget(long approvalMinutes, int stages, JsonNode definition, long functionTimeoutSeconds) {

    /** Step Functions fails a Standard execution at 25,000 history events (Step Functions quotas). */
    public static final int HISTORY_QUOTA = 25_000;
    /** The quota less the 20% margin we keep. */
    public static final int HISTORY_LIMIT = HISTORY_QUOTA * 8 / 10;
    /** A failed attempt: TaskScheduled, TaskStarted, TaskFailed. */
    public static final int EVENTS_PER_FAILED_ATTEMPT = 3;
    /**
     * Every other event of an execution, rounded up: execution started/ended, task state entered/exited, the last
     * attempt's scheduled/started/submitted/succeeded, and the Pass, Choice and Succeed states' entered/exited.
     */
    public static final int OTHER_EVENTS = 16;
    static final String TASK = "InvokeLambdaForCodePipelineExecution";
    static final String BUSY = "io.github.approvalgate.pipeline.PipelineBusyException";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The budget as the template deploys it for this approval timeout and review mode. */
    public static RetryBudget of(InfraTemplate template, String approvalMinutes, ReviewMode mode) {
        JsonNode row = template.mapping("ApprovalTimeout").path(approvalMinutes);
        int stages = template.mapping("ReviewModes").path(mode.parameterValue()).path("ApprovalActions").asText()
                .split(",").length;
        boolean twoStages = new TemplateConditions(template.declared(), Map.of("ReviewMode", mode.parameterValue()))
                .isTrue("HasTwoApprovalStages");
        if (twoStages != (stages == 2)) {
            throw new IllegalStateException("HasTwoApprovalStages disagrees with the " + mode + " row of ReviewModes");
        }
        String prefix = twoStages ? "TwoStage" : "";
        Map<String, String> substitutions = new HashMap<>(TemplateConsistencyTest.SUBSTITUTIONS);
        substitutions.put("ApprovalTaskTimeoutSeconds", row.path(prefix + "TaskTimeoutSeconds").asText());
        substitutions.put("ExecutionTimeoutSeconds", row.path(prefix + "ExecutionTimeoutSeconds").asText());
        substitutions.put("BusyRetryAttempts", row.path("BusyRetryAttempts").asText());
        substitutions.put("BusyRetryMaxDelaySeconds", row.path("BusyRetryMaxDelaySeconds").asText());
        try {
            JsonNode definition = JSON.readTree(template.stateMachineDefinition(substitutions));
            long functionTimeout = template.resource("StartApprovalFunction").path("Properties").path("Timeout").asLong();
            return new RetryBudget(Long.parseLong(approvalMinutes), stages, definition, functionTimeout);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the state machine definition is not JSON", e);
        }
    }

    private JsonNode task() {
        return definition.path("States").path(TASK);
    }

    /** Every attempt the task can make: the first and each retry of every retrier. */
    public long attempts() {
        long attempts = 1;
        for (JsonNode retrier : task().path("Retry")) {
            attempts += retrier.path("MaxAttempts").asLong(3);
        }
        return attempts;
    }

    public long busyAttempts() {
        return busyRetrier().path("MaxAttempts").asLong();
    }

    /** The most history events one execution can write. */
    public long worstHistoryEvents() {
        return EVENTS_PER_FAILED_ATTEMPT * (attempts() - 1) + OTHER_EVENTS;
    }

    /** The longest all retries can take before the last attempt: every delay at its cap, every attempt timed out. */
    public long worstRetryWaitSeconds() {
        long wait = 0;
        for (JsonNode retrier : task().path("Retry")) {
            wait += sumOfDelays(retrier);
        }
        return wait + attempts() * functionTimeoutSeconds;
    }

    /** The mean wait for a pipeline slot: full jitter halves each delay on average. */
    public double meanBusyWaitSeconds() {
        return sumOfDelays(busyRetrier()) / 2.0;
    }

    public long approvalSeconds() {
        return approvalMinutes * 60;
    }

    public long taskTimeoutSeconds() {
        return task().path("TimeoutSeconds").asLong();
    }

    public long executionTimeoutSeconds() {
        return definition.path("TimeoutSeconds").asLong();
    }

    private JsonNode busyRetrier() {
        for (JsonNode retrier : task().path("Retry")) {
            for (JsonNode error : retrier.path("ErrorEquals")) {
                if (error.asText().equals(BUSY)) {
                    return retrier;
                }
            }
        }
        throw new IllegalStateException("the task has no retrier for " + BUSY);
    }

    /** Step Functions' delay before retry n: IntervalSeconds x BackoffRate^(n-1), at most MaxDelaySeconds. */
    private static long sumOfDelays(JsonNode retrier) {
        double interval = retrier.path("IntervalSeconds").asDouble(1);
        double rate = retrier.path("BackoffRate").asDouble(2);
        double cap = retrier.has("MaxDelaySeconds") ? retrier.path("MaxDelaySeconds").asDouble() : Double.MAX_VALUE;
        long attempts = retrier.path("MaxAttempts").asLong(3);
        double sum = 0;
        double delay = interval;
        for (long n = 1; n <= attempts; n++) {
            sum += Math.min(delay, cap);
            delay = Math.min(delay * rate, cap);
        }
        return (long) Math.ceil(sum);
    }
}
