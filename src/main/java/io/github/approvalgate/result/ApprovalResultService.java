package io.github.approvalgate.result;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.pipeline.ApprovalReview;
import io.github.approvalgate.pipeline.ApprovalReviews;
import io.github.approvalgate.pipeline.SourceRevision;
import io.github.approvalgate.pipeline.SourceRevisionResolver;
import io.github.approvalgate.pipeline.event.ActionExecutionStateChange;
import io.github.approvalgate.pipeline.event.ActionStateChangeDetail;
import io.github.approvalgate.pipeline.event.ExecutionResult;
import io.github.approvalgate.result.ApprovalResultOutcome.Outcome;
import io.github.approvalgate.token.TaskTokenStore;
import io.github.approvalgate.token.TaskTokens;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Returns an approval decision to the Step Functions task that waits for it: pipeline execution → S3 object version →
 * task token → {@code SendTaskSuccess}. Nothing is sent unless every step resolved.
 */
@ApplicationScoped
public class ApprovalResultService {

    private static final Logger LOG = Logger.getLogger(ApprovalResultService.class);

    private final SourceRevisionResolver sources;
    private final TaskTokenStore tokens;
    private final ApprovalReviews reviews;
    private final SfnClient sfn;
    private final ObjectMapper json;

    ApprovalResultService(SourceRevisionResolver sources, TaskTokenStore tokens, ApprovalReviews reviews, SfnClient sfn,
            ObjectMapper json) {
        this.sources = sources;
        this.tokens = tokens;
        this.reviews = reviews;
        this.sfn = sfn;
        this.json = json;
    }

    public ApprovalResultOutcome handle(ActionExecutionStateChange event) {
        Optional<String> ignored = ApprovalEventFilter.reasonToIgnore(event);
        if (ignored.isPresent()) {
            LOG.infof("event ignored: id=%s reason=%s", event == null ? null : event.id(), ignored.get());
            return ApprovalResultOutcome.ignored(ignored.get());
        }
        ActionStateChangeDetail detail = event.detail();
        SourceRevision revision = sources.resolve(detail.pipeline(), detail.executionId());
        String token = tokens.read(revision.object(), revision.versionId());
        ApprovalReview review = reviews.of(detail.pipeline(), detail.executionId(), detail.stage(), detail.action());

        TaskDecision decision = new TaskDecision(
                ApprovalEventFilter.APPROVED.equals(detail.state()),
                detail.pipeline(),
                detail.executionId(),
                detail.stage(),
                detail.action(),
                detail.state(),
                review.reviewer().orElse(null),
                review.comment().or(() -> summaryIn(detail)).orElse(null),
                event.time(),
                revision.versionId());
        return send(token, decision);
    }

    private ApprovalResultOutcome send(String token, TaskDecision decision) {
        String task = TaskTokens.fingerprint(token);
        try {
            sfn.sendTaskSuccess(success -> success.taskToken(token).output(toJson(decision)));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            // EventBridge delivers at least once, and an approval can outlive its task: not an error to retry.
            LOG.warnf("decision not delivered, task already closed: pipeline=%s execution_id=%s stage=%s action=%s "
                    + "decision=%s task=%s error=%s", decision.pipeline(), decision.pipelineExecutionId(),
                    decision.stage(), decision.action(), decisionName(decision), task, errorCode(e));
            return new ApprovalResultOutcome(Outcome.TASK_CLOSED, decision.approved(), decision.pipelineExecutionId(),
                    errorCode(e));
        }
        LOG.infof("decision delivered: pipeline=%s execution_id=%s stage=%s action=%s decision=%s reviewer=%s "
                + "s3_version_id=%s task=%s", decision.pipeline(), decision.pipelineExecutionId(), decision.stage(),
                decision.action(), decisionName(decision), decision.reviewer(), decision.s3VersionId(), task);
        return new ApprovalResultOutcome(Outcome.DELIVERED, decision.approved(), decision.pipelineExecutionId(), null);
    }

    private String toJson(TaskDecision decision) {
        try {
            return json.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the decision", e);
        }
    }

    private static Optional<String> summaryIn(ActionStateChangeDetail detail) {
        return Optional.ofNullable(detail.executionResult())
                .map(ExecutionResult::externalExecutionSummary)
                .filter(summary -> !summary.isBlank());
    }

    private static String decisionName(TaskDecision decision) {
        return decision.approved() ? "approved" : "rejected";
    }

    private static String errorCode(SfnException e) {
        return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    }
}
