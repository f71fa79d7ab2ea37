package io.github.approvalgate.review;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.AwsErrors;
import io.github.approvalgate.input.Echo;
import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineExecutions;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;
import io.github.approvalgate.pipeline.event.StateChangeDetail;
import io.github.approvalgate.pipeline.event.StateChangeFilter;
import io.github.approvalgate.review.AiReviewOutcome.Outcome;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ApprovalAlreadyCompletedException;
import software.amazon.awssdk.services.codepipeline.model.InvalidApprovalTokenException;

/**
 * Decides the AI approval action of one pipeline execution: ListActionExecutions (token and document version) →
 * GetObject → Converse → PutApprovalResult. Only a well-formed verdict is sent; every other path leaves the approval
 * waiting for a person and returns normally, so no Lambda retry repeats it.
 */
@ApplicationScoped
public class AiReviewService {

    /** PutApprovalResult's summary limit (API reference: ApprovalResult). */
    static final int MAX_SUMMARY = 512;
    static final String TRUNCATED = " […]";
    private static final String STARTED = "STARTED";
    private static final StateChangeFilter AI_STARTS = StateChangeFilter.approvalActions(Set.of(STARTED), STARTED);

    private static final Logger LOG = Logger.getLogger(AiReviewService.class);

    private final PipelineExecutions executions;
    private final ReviewDocuments documents;
    private final BedrockReviewer reviewer;
    private final CodePipelineClient codePipeline;
    private final AiReviewConfig config;
    private final PipelineConfig pipelineConfig;

    AiReviewService(PipelineExecutions executions, ReviewDocuments documents, BedrockReviewer reviewer,
            CodePipelineClient codePipeline, AiReviewConfig config, PipelineConfig pipelineConfig) {
        this.executions = executions;
        this.documents = documents;
        this.reviewer = reviewer;
        this.codePipeline = codePipeline;
        this.config = config;
        this.pipelineConfig = pipelineConfig;
    }

    public AiReviewOutcome review(CodePipelineStateChange event) {
        Optional<String> ignored = reasonToIgnore(event);
        if (ignored.isPresent()) {
            LOG.infof("event ignored: id=%s reason=%s", event == null ? null : Echo.quoted(event.id()), ignored.get());
            return new AiReviewOutcome(Outcome.IGNORED, null, null, null, ignored.get());
        }
        StateChangeFilter.requireTraceable(event);
        String pipeline = event.detail().pipeline();
        String executionId = event.detail().executionId();
        Optional<String> modelId = config.modelId().filter(id -> !id.isBlank());
        if (modelId.isEmpty()) {
            return noDecision(executionId, "no model configured (approval-gate.ai.model-id)");
        }

        ExecutionActions actions = executions.actions(pipeline, executionId);
        ActionRun approval = actions.approvals().stream()
                .filter(run -> config.stageName().equals(run.stage()) && config.actionName().equals(run.action()))
                .reduce((first, later) -> later)
                .orElseThrow(() -> new IllegalStateException("execution " + executionId + " of pipeline " + pipeline
                        + " lists no run of approval action " + config.stageName() + "/" + config.actionName()
                        + " yet; the invocation is retried"));
        if (!ActionRun.IN_PROGRESS.equals(approval.status())) {
            return stoodDown(executionId, "the AI approval is " + approval.status() + ", no longer waiting");
        }
        Optional<String> token = approval.externalExecutionId();
        if (token.isEmpty()) {
            return noDecision(executionId, "ListActionExecutions gives the AI approval no externalExecutionId (token)");
        }
        if (actions.sourceVersionId().isEmpty()) {
            return noDecision(executionId, "the S3 source action names no object version");
        }

        ReviewDocuments.Read document = documents.read(actions.source(), actions.sourceVersionId().get(),
                config.maxDocumentBytes());
        if (document.problem() != null) {
            return noDecision(executionId, document.problem());
        }
        ModelAnswer answer = reviewer.review(modelId.get(), ReviewPrompt.of(config.instructions(), document.text()),
                config.maxTokens());
        if (answer.verdict().isEmpty()) {
            return noDecision(executionId, answer.problem().orElse("no verdict"));
        }
        return decide(pipeline, executionId, token.get(), answer.verdict().get());
    }

    private AiReviewOutcome decide(String pipeline, String executionId, String token, Verdict verdict) {
        String summary = summary(verdict.reason());
        try {
            codePipeline.putApprovalResult(put -> put
                    .pipelineName(pipeline)
                    .stageName(config.stageName())
                    .actionName(config.actionName())
                    .token(token)
                    .result(result -> result.status(verdict.decision().approvalStatus()).summary(summary)));
        } catch (ApprovalAlreadyCompletedException | InvalidApprovalTokenException e) {
            return stoodDown(executionId, "the approval was decided or closed first (" + AwsErrors.code(e) + ")");
        }
        LOG.infof("ai review decided: pipeline=%s execution_id=%s stage=%s action=%s decision=%s summary_chars=%d",
                pipeline, executionId, config.stageName(), config.actionName(), verdict.decision().wireName(),
                summary.length());
        Outcome outcome = verdict.decision() == Verdict.Decision.APPROVE ? Outcome.APPROVED : Outcome.REJECTED;
        return new AiReviewOutcome(outcome, executionId, config.stageName(), config.actionName(), summary);
    }

    /** The reason as PutApprovalResult's summary: at most 512 characters, visibly marked when cut. */
    static String summary(String reason) {
        if (reason.length() <= MAX_SUMMARY) {
            return reason;
        }
        int end = MAX_SUMMARY - TRUNCATED.length();
        if (Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + TRUNCATED;
    }

    private AiReviewOutcome noDecision(String executionId, String why) {
        LOG.warnf("ai review made no decision, the approval waits for a person: execution_id=%s stage=%s action=%s "
                + "reason=%s", executionId, config.stageName(), config.actionName(), why);
        return new AiReviewOutcome(Outcome.NO_DECISION, executionId, config.stageName(), config.actionName(), why);
    }

    private AiReviewOutcome stoodDown(String executionId, String why) {
        LOG.infof("ai review stood down: execution_id=%s stage=%s action=%s reason=%s", executionId, config.stageName(),
                config.actionName(), why);
        return new AiReviewOutcome(Outcome.STOOD_DOWN, executionId, config.stageName(), config.actionName(), why);
    }

    private Optional<String> reasonToIgnore(CodePipelineStateChange event) {
        if (event == null || event.detail() == null) {
            return Optional.of("empty event or no detail");
        }
        Optional<String> ignored = AI_STARTS.reasonToIgnore(event);
        if (ignored.isPresent()) {
            return ignored;
        }
        StateChangeDetail detail = event.detail();
        if (!config.stageName().equals(detail.stage()) || !config.actionName().equals(detail.action())) {
            return Optional.of("approval action is " + Echo.quoted(detail.stage()) + "/" + Echo.quoted(detail.action())
                    + ", not the AI's " + config.stageName() + "/" + config.actionName());
        }
        return StateChangeFilter.otherPipeline(detail.pipeline(), pipelineConfig.name())
                .or(() -> detail.executionId() == null || detail.executionId().isBlank()
                        ? Optional.of("no execution-id")
                        : Optional.empty());
    }
}
