package io.github.approvalgate.testing.codepipeline;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.services.codepipeline.model.SourceRevisionType;

/**
 * A protocol-level stand-in for CodePipeline (moto cannot run executions): {@code StartPipelineExecution},
 * {@code GetPipeline}, {@code GetPipelineExecution}, {@code ListPipelineExecutions}, {@code ListActionExecutions},
 * {@code StopPipelineExecution} and {@code PutApprovalResult} ({@link CodePipelineApi}) for V2 pipelines in PARALLEL
 * or SUPERSEDED mode, each given as a {@link PipelineDefinition}.
 *
 * <p>
 * An execution runs its Source action and stops at the manual approval at once ({@link Executions}). Every action
 * state change is emitted as an EventBridge event (see {@link ActionEvents}): kept in {@link #events()} and handed, in
 * order and asynchronously like EventBridge, to the consumer set with {@link #onEvent}.
 */
public final class CodePipelineStandIn implements AutoCloseable {

    public static final String DEFAULT_APPROVER = "arn:aws:iam::123456789012:user/approver";

    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final EventStream events = new EventStream();
    private final Executions executions = new Executions(events);
    private final CodePipelineApi api = new CodePipelineApi(executions);
    private final AwsJson11Server server = new AwsJson11Server("CodePipeline_20150709", api, calls::add);

    public URI endpoint() {
        return server.endpoint();
    }

    /** Registers a pipeline, or a new version of one of the same name. */
    public void definePipeline(PipelineDefinition pipeline) {
        executions.define(pipeline);
    }

    /** Who appears as {@code updatedBy} of decisions made through {@code PutApprovalResult} or {@link #approve}. */
    public void approverArn(String arn) {
        api.approverArn(arn);
    }

    /** Who a caller is: {@code updatedBy} of its PutApprovalResult calls signed with this access key id. */
    public void principal(String accessKeyId, String arn) {
        api.principal(accessKeyId, arn);
    }

    /** Where emitted events go, besides {@link #events()}; called on one delivery thread, in emission order. */
    public void onEvent(Consumer<String> sink) {
        events.sink(sink);
    }

    /** Approves whichever approval action the execution waits at, as a person in the console would. */
    public void approve(String pipeline, String executionId, String summary) {
        executions.decide(pipeline, executions.tokenOf(pipeline, executionId), "Approved", summary, api.decidedBy(null));
    }

    public void reject(String pipeline, String executionId, String summary) {
        executions.decide(pipeline, executions.tokenOf(pipeline, executionId), "Rejected", summary, api.decidedBy(null));
    }

    /** Approves the named approval action, which must be the one the execution waits at. */
    public void approve(String pipeline, String executionId, String stage, String action, String summary) {
        executions.decide(pipeline, executions.tokenOf(pipeline, executionId, stage, action), "Approved", summary,
                api.decidedBy(null));
    }

    public void reject(String pipeline, String executionId, String stage, String action, String summary) {
        executions.decide(pipeline, executions.tokenOf(pipeline, executionId, stage, action), "Rejected", summary,
                api.decidedBy(null));
    }

    /** Lets the approval time out as AWS does: action and execution Failed, an action FAILED event, nobody in updatedBy. */
    public void expire(String pipeline, String executionId) {
        executions.expire(pipeline, executionId);
    }

    /**
     * Starts an execution for one S3 object version over the stand-in's own HTTP API, as an S3 trigger or another
     * client would (source action {@code Source}).
     */
    public String startExecutionFor(String pipeline, String versionId) {
        try (var client = LocalAwsClients.codePipeline(endpoint())) {
            return client.startPipelineExecution(start -> start.name(pipeline).sourceRevisions(revision -> revision
                    .actionName(PipelineDefinition.SOURCE)
                    .revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID)
                    .revisionValue(versionId))).pipelineExecutionId();
        }
    }

    /** Stops an execution over the stand-in's HTTP API, as an operator's {@code aws codepipeline stop-pipeline-execution}. */
    public void stopExecution(String pipeline, String executionId, boolean abandon, String reason) {
        try (var client = LocalAwsClients.codePipeline(endpoint())) {
            client.stopPipelineExecution(stop -> stop.pipelineName(pipeline).pipelineExecutionId(executionId)
                    .abandon(abandon).reason(reason));
        }
    }

    /**
     * How many executions may be in progress at once; StartPipelineExecution beyond it fails with
     * {@code ConcurrentPipelineExecutionsLimitExceededException} (CodePipeline quotas: concurrent executions per
     * pipeline in PARALLEL mode; API reference: StartPipelineExecution, Errors).
     */
    public void concurrencyLimit(int limit) {
        executions.concurrencyLimit(limit);
    }

    /** The time the stand-in stamps every state change with (default: the system clock; {@link #reset} restores it). */
    public void clock(Clock clock) {
        executions.clock(clock);
    }

    /**
     * Adds {@code count} ended executions without events or HTTP calls: each started for object version
     * {@code sourceRevision}, rejected at its first approval by the default approver, started {@code step} apart from
     * {@code firstStart} on, all last changed at {@code lastUpdate}.
     */
    public void seedRejectedExecutions(String pipeline, int count, Instant firstStart, Duration step, Instant lastUpdate,
            String sourceRevision) {
        executions.seedRejected(pipeline, count, firstStart, step, lastUpdate, sourceRevision, DEFAULT_APPROVER);
    }

    /**
     * Adds {@code count} executions without events or HTTP calls, each started at {@code started} for object version
     * {@code sourceRevision} and waiting at the approval actions that run after Source (each with its own token).
     *
     * @return their execution ids
     */
    public List<String> seedWaitingExecutions(String pipeline, int count, Instant started, String sourceRevision) {
        return executions.seedWaiting(pipeline, count, started, sourceRevision);
    }

    /** While false, state changes still happen and are kept in {@link #events()}, but none reaches the sink: lost events. */
    public void deliverEvents(boolean deliver) {
        events.deliver(deliver);
    }

    /** The next execution's S3 source action fails with this message, as an unreadable source version makes it. */
    public void failNextSource(String message) {
        executions.failNextSource(message);
    }

    /**
     * Runs before every call is answered, with its operation and request: e.g. to let the controlled clock pass as a
     * slow call would. Until {@link #reset}.
     */
    public void beforeEachCall(BiConsumer<String, JsonNode> hook) {
        api.beforeEachCall(hook);
    }

    /** Makes the next call of {@code operation} fail with this AWS error type, as an outage or throttling would. */
    public void failNext(String operation, String errorType, String message) {
        failNext(operation, errorType, message, 1);
    }

    /**
     * Makes the next {@code times} calls of {@code operation} fail, e.g. throttling through every attempt the SDK makes.
     * A JSON 1.1 error is HTTP 400 with {@code __type} (ThrottlingException is a 400 in CodePipeline's API reference,
     * Common Errors).
     */
    public void failNext(String operation, String errorType, String message, int times) {
        api.failNext(operation, new ServiceError(errorType, message), times);
    }

    /**
     * The next {@code times} calls of {@code operation} take effect, but their answers are lost: the connection closes
     * without a reply, as after a network failure, so the caller cannot tell whether the call did anything. Replaces
     * any count still left ({@code 0}: answer again).
     */
    public void loseNextAnswers(String operation, int times) {
        api.loseNextAnswers(operation, times);
    }

    /** Executions waiting for a decision, oldest first. */
    public List<PendingApproval> pendingApprovals() {
        return executions.pendingApprovals();
    }

    /** HTTP calls received, in order. Java API calls ({@link #approve} ...) are not recorded. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public List<RecordedCall> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** How many calls of each operation were made since the last {@link #forgetCalls}. */
    public Map<String, Long> callsByOperation() {
        return calls.stream().collect(Collectors.groupingBy(RecordedCall::operation, Collectors.counting()));
    }

    /** Every event emitted so far, in order. */
    public List<String> events() {
        return events.all();
    }

    /** Forgets the calls recorded so far, to count those of one step. */
    public void forgetCalls() {
        calls.clear();
    }

    /** Forgets executions, calls, events and injected failures; keeps the pipeline definitions. */
    public void reset() {
        executions.reset();
        calls.clear();
        events.reset();
        api.reset();
    }

    @Override
    public void close() {
        server.close();
        events.close();
    }
}
