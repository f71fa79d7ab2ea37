package io.github.approvalgate.decision;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.aws.AwsErrors;
import io.github.approvalgate.decision.DeliveryOutcome.Outcome;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.Metrics;
import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.ExecutionStatus;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineExecutions;
import io.github.approvalgate.token.TaskTokenStore;
import io.github.approvalgate.token.TaskTokens;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Returns a request's decision to the Step Functions task that waits for it: pipeline execution → S3 object version →
 * task token → {@code SendTaskSuccess}, then marks the version so nobody sends it again. Nothing is sent unless every
 * step resolved.
 */
@ApplicationScoped
public class DecisionDelivery {

    private static final Logger LOG = Logger.getLogger(DecisionDelivery.class);

    private final PipelineExecutions executions;
    private final TaskTokenStore tokens;
    private final SfnClient sfn;
    private final ObjectMapper json;
    private final List<String> approvalActions;
    private final AiReviewsOfExecution aiReviews;

    private final Metrics metrics;
    private final Clock clock;

    DecisionDelivery(PipelineExecutions executions, TaskTokenStore tokens, SfnClient sfn, ObjectMapper json,
            PipelineConfig pipeline, AiReviewsOfExecution aiReviews, Metrics metrics, Clock clock) {
        this.executions = executions;
        this.clock = clock;
        this.metrics = metrics;
        this.tokens = tokens;
        this.sfn = sfn;
        this.json = json;
        this.aiReviews = aiReviews;
        this.approvalActions = pipeline.approvalActions().orElse(List.of());
    }

    /**
     * For an event: three calls when the approval decided (ListActionExecutions, HeadObject, SendTaskSuccess), one more
     * (GetPipelineExecution) when the execution's own status decides, then the tag. A second event of a delivered
     * decision finds the tag (HeadObject counts it, GetObjectTagging reads it) and sends nothing.
     *
     * @param actionEventState state of the triggering action event, empty for a pipeline event
     */
    public DeliveryOutcome onEvent(String pipeline, String executionId, Optional<String> actionEventState) {
        ExecutionActions actions = executions.actions(pipeline, executionId);
        Supplier<ExecutionStatus> status = memoized(() -> executions.status(pipeline, executionId));
        return deliver(actions, status, DecisionRules.derive(actions, finalApprovalOf(status), status,
                actionEventState), false);
    }

    /** For the sweep: like {@link #onEvent}, but skips a version already marked with its decision. */
    public DeliveryOutcome ifNotDelivered(String pipeline, String executionId, ExecutionStatus listedStatus) {
        ExecutionActions actions = executions.actions(pipeline, executionId);
        // A listing summary carries no variables: read them (one GetPipelineExecution) only when they are needed.
        Supplier<ExecutionStatus> read = memoized(() -> listedStatus.variables().isEmpty()
                ? executions.status(pipeline, executionId)
                : listedStatus);
        Supplier<ExecutionStatus> status = actions.sourceVersionId().isEmpty() ? read : () -> listedStatus;
        return deliver(actions, status, DecisionRules.derive(actions, finalApprovalOf(read), status, Optional.empty()),
                true);
    }

    private Supplier<List<String>> finalApprovalOf(Supplier<ExecutionStatus> execution) {
        return DecisionRules.finalApprovals(execution, approvalActions);
    }

    private DeliveryOutcome deliver(ExecutionActions actions, Supplier<ExecutionStatus> status,
            DecisionRules.Verdict verdict, boolean skipIfMarked) {
        LogField.PIPELINE.set(actions.pipeline());
        LogField.EXECUTION_ID.set(actions.executionId());
        return switch (verdict) {
            case Ending ending -> {
                DeliveryOutcome outcome = send(actions, status, ending, skipIfMarked);
                abandonWaitingApprovals(actions, ending);
                yield outcome;
            }
            case DecisionRules.NotFinal notFinal -> new DeliveryOutcome(Outcome.NOT_FINAL, null, null,
                    actions.executionId(), "approved at " + notFinal.approval().stage() + "/"
                            + notFinal.approval().action() + "; a later approval decides");
            case DecisionRules.Pending pending -> new DeliveryOutcome(Outcome.PENDING, null, null,
                    actions.executionId(), "the approval has no decision yet");
        };
    }

    /**
     * A request that ended while other approval actions still wait (one approver group rejected, another has not
     * decided): its execution is stopped with abandon, so it frees its slot and nobody else is asked. After the
     * delivery, so the workflow has its answer first; a failed stop is left to the sweep and the deadline check, which
     * derive the same ending and try again (one more call per such execution).
     */
    private void abandonWaitingApprovals(ExecutionActions actions, Ending ending) {
        List<ActionRun> waiting = actions.approvals().stream()
                .filter(run -> ActionRun.IN_PROGRESS.equals(run.status())).toList();
        if (waiting.isEmpty()) {
            return;
        }
        String decidedAt = ending.approval().map(run -> run.stage() + "/" + run.action()).orElse("the execution");
        try {
            boolean stopped = executions.stopAbandoning(actions.pipeline(), actions.executionId(),
                    "Approval Gate: " + ending.decision().jsonName() + " at " + decidedAt);
            LOG.infof("waiting approvals abandoned: pipeline=%s execution_id=%s decision=%s waiting=%d stopped_now=%s",
                    actions.pipeline(), actions.executionId(), ending.decision().jsonName(), waiting.size(), stopped);
        } catch (SdkException e) {
            LOG.warnf("waiting approvals not abandoned (the sweep tries again): pipeline=%s execution_id=%s error=%s",
                    actions.pipeline(), actions.executionId(),
                    e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws ? AwsErrors.code(aws)
                            : e.getClass().getSimpleName());
        }
    }

    private DeliveryOutcome send(ExecutionActions actions, Supplier<ExecutionStatus> status, Ending ending,
            boolean skipIfMarked) {
        Optional<String> version = actions.sourceVersionId()
                .or(() -> Optional.ofNullable(status.get().variables().get(PipelineConfig.SOURCE_VERSION_VARIABLE)))
                .filter(id -> !id.isBlank());
        if (version.isEmpty()) {
            // start-approval passes the variable to every execution it starts: without it and without a source
            // output, the execution was started otherwise (e.g. the one CodePipeline runs when the pipeline is
            // created, failing at Source) and no request waits for it.
            String reason = "no request: neither the S3 source action's output '" + PipelineExecutions.VERSION_ID_OUTPUT
                    + "' nor the pipeline variable '" + PipelineConfig.SOURCE_VERSION_VARIABLE
                    + "' names an object version, so start-approval did not start this execution";
            LogField.OUTCOME.set(Outcome.IGNORED.wireName());
            LogField.DECISION.set(ending.decision().jsonName());
            LOG.infof("execution ignored: pipeline=%s execution_id=%s reason=%s", actions.pipeline(),
                    actions.executionId(), reason);
            return new DeliveryOutcome(Outcome.IGNORED, null, ending.decision(), actions.executionId(), reason);
        }
        String versionId = version.get();
        LogField.S3_VERSION_ID.set(versionId);
        LogField.DECISION.set(ending.decision().jsonName());
        TaskDecision decision = decisionOf(actions, ending, versionId, aiReviews.of(actions, versionId));
        LogField.STAGE.set(decision.stage());
        LogField.ACTION.set(decision.action());
        if (skipIfMarked) {
            Optional<String> marked = tokens.deliveredDecision(actions.source(), versionId);
            if (marked.isPresent()) {
                return outcome(Outcome.ALREADY_DELIVERED, decision, null);
            }
        }
        TaskTokenStore.StoredRequest request = tokens.readRequest(actions.source(), versionId);
        String token = request.token();
        String task = TaskTokens.fingerprint(token);
        LogField.TASK.set(task);
        if (request.deliveredDecision().isPresent()) {
            // A second event of one ending (the approval's FAILED, then the execution's FAILED): delivered already.
            LogField.OUTCOME.set(Outcome.ALREADY_DELIVERED.wireName());
            LOG.infof("decision already delivered: pipeline=%s execution_id=%s decision=%s marked=%s s3_version_id=%s "
                    + "task=%s", decision.pipeline(), decision.pipelineExecutionId(), decision.decision().jsonName(),
                    request.deliveredDecision().get(), versionId, task);
            return outcome(Outcome.ALREADY_DELIVERED, decision, "the version is marked '"
                    + request.deliveredDecision().get() + "'");
        }
        try {
            sfn.sendTaskSuccess(success -> success.taskToken(token).output(toJson(decision)));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            Optional<String> markedMeanwhile = markedAfterClosedTask(actions, versionId);
            if (markedMeanwhile.isPresent()) {
                // Another event of the same ending was handled at the same time and delivered it first.
                LogField.OUTCOME.set(Outcome.ALREADY_DELIVERED.wireName());
                LOG.infof("decision already delivered: pipeline=%s execution_id=%s decision=%s marked=%s "
                        + "s3_version_id=%s task=%s", decision.pipeline(), decision.pipelineExecutionId(),
                        decision.decision().jsonName(), markedMeanwhile.get(), versionId, task);
                return outcome(Outcome.ALREADY_DELIVERED, decision, "the version is marked '" + markedMeanwhile.get()
                        + "'");
            }
            // A late decision (the task timed out or its workflow ended): not an error to retry.
            LogField.OUTCOME.set(Outcome.TASK_CLOSED.wireName());
            LOG.warnf("decision not delivered, task already closed: pipeline=%s execution_id=%s decision=%s "
                    + "s3_version_id=%s task=%s error=%s", decision.pipeline(), decision.pipelineExecutionId(),
                    decision.decision().jsonName(), versionId, task, AwsErrors.code(e));
            mark(actions, versionId, decision);
            return outcome(Outcome.TASK_CLOSED, decision, AwsErrors.code(e));
        }
        LogField.OUTCOME.set(Outcome.DELIVERED.wireName());
        LOG.infof("decision delivered: pipeline=%s execution_id=%s stage=%s action=%s decision=%s reviewer=%s "
                + "s3_version_id=%s task=%s", decision.pipeline(), decision.pipelineExecutionId(), decision.stage(),
                decision.action(), decision.decision().jsonName(), decision.reviewer(), versionId, task);
        metrics.emit(Metric.DECISIONS, 1, decision.pipeline(), decision.decision().jsonName());
        // From the HeadObject that read the token: no call of its own. Never below zero (S3's clock is not ours).
        request.requestedAt().ifPresent(requested -> metrics.emit(Metric.TIME_TO_DECISION,
                Math.max(0, Duration.between(requested, clock.instant()).toMillis()), decision.pipeline(),
                decision.decision().jsonName()));
        mark(actions, versionId, decision);
        return outcome(Outcome.DELIVERED, decision, null);
    }

    /** After a closed task: the mark a concurrent delivery of the same ending may have written since our read. */
    private Optional<String> markedAfterClosedTask(ExecutionActions actions, String versionId) {
        try {
            return tokens.deliveredDecision(actions.source(), versionId);
        } catch (RuntimeException e) {
            return Optional.empty(); // the closed task is still worth its WARN
        }
    }

    /**
     * The decision has reached (or can no longer reach) the task whatever happens here: a failed tag must not turn the
     * delivery into an error that Lambda retries. The sweep then finds the version unmarked and the task closed.
     */
    private void mark(ExecutionActions actions, String versionId, TaskDecision decision) {
        try {
            tokens.markDelivered(actions.source(), versionId, decision.decision().jsonName());
        } catch (SdkException e) {
            LOG.warnf("decision %s for execution_id=%s not marked on s3_version_id=%s: %s", decision.decision().jsonName(),
                    decision.pipelineExecutionId(), versionId, e.getMessage());
        }
    }

    private static TaskDecision decisionOf(ExecutionActions actions, Ending ending, String versionId,
            AiReviewsOfExecution.Found ai) {
        Optional<ActionRun> approval = ending.approval();
        boolean reviewed = ending.decision() == Decision.APPROVED || ending.decision() == Decision.REJECTED;
        return new TaskDecision(
                ending.decision().approved(),
                ending.decision(),
                ending.reason().orElse(null),
                actions.pipeline(),
                actions.executionId(),
                approval.map(ActionRun::stage).orElse(null),
                approval.map(ActionRun::action).orElse(null),
                approval.map(run -> run.status().toUpperCase(Locale.ROOT)).orElse(null),
                approval.flatMap(ActionRun::updatedBy).orElse(null),
                reviewed ? approval.flatMap(ActionRun::summary).orElse(null) : null,
                approval.map(ActionRun::lastUpdateTime).map(Object::toString).orElse(null),
                versionId,
                actions.approvals().stream().map(run -> Review.of(run, ai.of(run))).toList());
    }

    private static DeliveryOutcome outcome(Outcome outcome, TaskDecision decision, String reason) {
        LogField.OUTCOME.set(outcome.wireName());
        return new DeliveryOutcome(outcome, decision.approved(), decision.decision(), decision.pipelineExecutionId(),
                reason);
    }

    private String toJson(TaskDecision decision) {
        try {
            return json.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the decision", e);
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
