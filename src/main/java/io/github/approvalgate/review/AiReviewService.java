package io.github.approvalgate.review;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.AwsErrors;
import io.github.approvalgate.input.Echo;
import io.github.approvalgate.input.WireName;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.Metrics;
import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineExecutions;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;
import io.github.approvalgate.pipeline.event.StateChangeDetail;
import io.github.approvalgate.pipeline.event.StateChangeFilter;
import io.github.approvalgate.review.AiReviewOutcome.Outcome;
import io.github.approvalgate.review.AiReviewRecord.Step;
import io.github.approvalgate.source.SourceObject;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ApprovalAlreadyCompletedException;
import software.amazon.awssdk.services.codepipeline.model.InvalidApprovalTokenException;

/**
 * Decides the AI approval action of one pipeline execution: ListActionExecutions (token and document version) →
 * GetObject → Converse → PutApprovalResult. Only a well-formed verdict is sent; every other path leaves the approval
 * waiting for a person and returns normally. The model is asked at most once per run: each step is recorded on the
 * request's object version ({@link AiReviewRecord}), and an invocation that finds a record re-sends the recorded verdict
 * or gives up, but never asks again.
 */
@ApplicationScoped
public class AiReviewService {

    /** PutApprovalResult's summary limit (API reference: ApprovalResult). */
    static final int MAX_SUMMARY = 512;
    static final String TRUNCATED = " […]";
    /** In every WARN line of a review that leaves the approval to a person (metric AiReviewsLeftToPerson counts them). */
    private static final String LEFT_TO_A_PERSON = "the approval waits for a person";
    private static final String STARTED = "STARTED";
    private static final StateChangeFilter AI_STARTS = StateChangeFilter.approvalActions(Set.of(STARTED), STARTED);

    private static final Logger LOG = Logger.getLogger(AiReviewService.class);

    private final PipelineExecutions executions;
    private final ReviewDocuments documents;
    private final BedrockReviewer reviewer;
    private final CodePipelineClient codePipeline;
    private final AiReviewRecords records;
    private final EscalationNotices notices;
    private final AiReviewConfig config;
    private final PipelineConfig pipelineConfig;
    private final Metrics metrics;

    AiReviewService(PipelineExecutions executions, ReviewDocuments documents, BedrockReviewer reviewer,
            CodePipelineClient codePipeline, AiReviewRecords records, EscalationNotices notices, AiReviewConfig config,
            PipelineConfig pipelineConfig, Metrics metrics) {
        this.executions = executions;
        this.metrics = metrics;
        this.documents = documents;
        this.reviewer = reviewer;
        this.codePipeline = codePipeline;
        this.records = records;
        this.notices = notices;
        this.config = config;
        this.pipelineConfig = pipelineConfig;
    }

    public AiReviewOutcome review(CodePipelineStateChange event) {
        if (event != null) {
            LogField.EVENT_ID.set(Echo.bounded(event.id()));
        }
        Optional<String> ignored = reasonToIgnore(event);
        if (ignored.isPresent()) {
            LogField.OUTCOME.set(WireName.of(Outcome.IGNORED));
            LOG.infof("event ignored: id=%s reason=%s", event == null ? null : Echo.quoted(event.id()), ignored.get());
            return new AiReviewOutcome(Outcome.IGNORED, null, null, null, ignored.get());
        }
        StateChangeFilter.requireTraceable(event);
        String pipeline = event.detail().pipeline();
        String executionId = event.detail().executionId();
        LogField.PIPELINE.set(pipeline);
        LogField.EXECUTION_ID.set(executionId);
        LogField.STAGE.set(config.stageName());
        LogField.ACTION.set(config.actionName());
        Optional<String> modelId = config.modelId().filter(id -> !id.isBlank());
        if (modelId.isEmpty()) {
            return noDecision(pipeline, executionId, "no model configured (approval-gate.ai.model-id)",
                    LeftToPerson.NOT_CONFIGURED);
        }
        Optional<BedrockReviewer.Guardrail> guardrail = guardrail();

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
            return noDecision(pipeline, executionId,
                    "ListActionExecutions gives the AI approval no externalExecutionId (token)", LeftToPerson.NO_DOCUMENT);
        }
        if (actions.sourceVersionId().isEmpty()) {
            return noDecision(pipeline, executionId, "the S3 source action names no object version",
                    LeftToPerson.NO_DOCUMENT);
        }

        SourceObject source = actions.source();
        String versionId = actions.sourceVersionId().get();
        LogField.S3_VERSION_ID.set(versionId);
        Run run = new Run(pipeline, executionId, token.get(), source, versionId);
        String action = config.stageName() + "/" + config.actionName();
        Map<String, String> tags = records.tags(source, versionId);
        Optional<AiReviewRecord> recorded = AiReviewRecord.in(tags).filter(r -> r.isFor(executionId, action));
        if (recorded.isPresent()) {
            return resume(run, tags, recorded.get());
        }

        ReviewDocuments.Read document = documents.read(source, versionId, config.maxDocumentBytes());
        if (document.problem() != null) {
            return noDecision(pipeline, executionId, document.problem(), LeftToPerson.NO_DOCUMENT);
        }
        // Recorded before asking: if this invocation dies after the model answered, a retry finds this and never asks
        // again. A failure here asked nothing yet, so it fails the invocation for Lambda to retry.
        AiReviewRecord asked = new AiReviewRecord(executionId, action, Step.ASKED, modelId.get(), Optional.empty());
        tags = records.write(source, versionId, tags, asked);
        ModelAnswer answer = reviewer.review(modelId.get(), ReviewPrompt.of(config.instructions(), document.text()),
                config.maxTokens(), guardrail);
        boolean intervened = answer.guardrailIntervened() && guardrail.isPresent();
        if (intervened) {
            answer = ModelAnswer.of(onIntervention(guardrail.get()));
        }
        if (answer.verdict().isEmpty()) {
            tryRecord(run, tags, asked.with(Step.NONE, Optional.empty()));
            return noDecision(pipeline, executionId, answer.problem().orElse("no verdict"), answer.leftToPerson());
        }
        Verdict verdict = answer.verdict().get();
        metrics.emit(Metric.AI_VERDICTS, 1, run.pipeline(), verdict.decision().wireName());
        String summary = summary(verdict.reason());
        AiReviewRecord withVerdict = asked.with(Step.pending(verdict.decision()), Optional.of(summary));
        Optional<Map<String, String>> written = tryRecord(run, tags, withVerdict);
        return act(run, written, withVerdict, intervened ? LeftToPerson.GUARDRAIL : LeftToPerson.ESCALATED);
    }

    private Optional<BedrockReviewer.Guardrail> guardrail() {
        Optional<String> id = config.guardrailId().filter(value -> !value.isBlank());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String version = config.guardrailVersion().filter(value -> !value.isBlank()).orElseThrow(
                () -> new IllegalStateException("approval-gate.ai.guardrail-id is set without "
                        + "approval-gate.ai.guardrail-version: Converse needs both"));
        return Optional.of(new BedrockReviewer.Guardrail(id.get(), version));
    }

    /** A guardrail's intervention is never an approval: it rejects, or leaves the decision to a person, per mode. */
    private Verdict onIntervention(BedrockReviewer.Guardrail guardrail) {
        String what = "The Amazon Bedrock guardrail " + guardrail.id() + " (version " + guardrail.version()
                + ") intervened on the document, so the AI gave no verdict of its own";
        return switch (config.guardrailIntervention()) {
            case REJECT -> new Verdict(Verdict.Decision.REJECT, what + ". A guardrail intervention is rejected: "
                    + "check the document for content the guardrail blocks (e.g. instructions aimed at the reviewer) "
                    + "and submit it again.");
            case ESCALATE -> new Verdict(Verdict.Decision.ESCALATE, what + ". A person must decide: check the document "
                    + "for content the guardrail blocks (e.g. instructions aimed at the reviewer).");
        };
    }

    /** A retried (or duplicate) invocation for a run an earlier one recorded: the model is never asked again. */
    private AiReviewOutcome resume(Run run, Map<String, String> tags, AiReviewRecord recorded) {
        if (recorded.step().done()) {
            return stoodDown(run.executionId(), "an earlier invocation already acted on the verdict ("
                    + recorded.step().wireName() + ")");
        }
        return switch (recorded.step()) {
            case ASKED -> giveUp(run, "an earlier invocation asked the model and recorded no verdict; asking again "
                    + "could give a different one");
            // Counted by the invocation that got no verdict.
            case NONE -> noDecision(run.pipeline(), run.executionId(), "an earlier invocation got no verdict from the "
                    + "model", null);
            default -> {
                if (recorded.reason().isEmpty()) {
                    yield giveUp(run, "the recorded verdict has no reason to re-send");
                }
                LOG.infof("ai review re-sends the recorded verdict: execution_id=%s stage=%s action=%s decision=%s",
                        run.executionId(), config.stageName(), config.actionName(), recorded.step().wireName());
                yield act(run, Optional.of(tags), recorded, LeftToPerson.ESCALATED);
            }
        };
    }

    /**
     * Sends the recorded verdict. A failure that may pass (throttling, 5xx, no answer) fails the invocation only when
     * the verdict is recorded, so that Lambda's retry re-sends that same verdict; any other failure gives up.
     *
     * @param tags the version's tags with the verdict recorded; empty when recording it failed
     * @param escalation why the approval is left to a person if the verdict escalates
     */
    private AiReviewOutcome act(Run run, Optional<Map<String, String>> tags, AiReviewRecord verdict,
            LeftToPerson escalation) {
        Verdict.Decision decision = verdict.step().verdict().orElseThrow();
        String summary = verdict.reason().orElseThrow();
        LogField.DECISION.set(decision.wireName());
        if (decision == Verdict.Decision.ESCALATE) {
            return escalate(run, tags, verdict, escalation);
        }
        try {
            codePipeline.putApprovalResult(put -> put
                    .pipelineName(run.pipeline())
                    .stageName(config.stageName())
                    .actionName(config.actionName())
                    .token(run.token())
                    .result(result -> result.status(decision.approvalStatus()).summary(summary)));
        } catch (ApprovalAlreadyCompletedException | InvalidApprovalTokenException e) {
            return stoodDown(run.executionId(), "the approval was decided or closed first (" + AwsErrors.code(e) + ")");
        } catch (SdkException e) {
            return failedToAct(run, tags, decision, "PutApprovalResult", e);
        }
        tags.ifPresent(current -> tryRecord(run, current, verdict.with(Step.done(decision), verdict.reason())));
        Outcome outcome = decision == Verdict.Decision.APPROVE ? Outcome.APPROVED : Outcome.REJECTED;
        LogField.OUTCOME.set(WireName.of(outcome));
        LOG.infof("ai review decided: pipeline=%s execution_id=%s stage=%s action=%s decision=%s summary_chars=%d",
                run.pipeline(), run.executionId(), config.stageName(), config.actionName(), decision.wireName(),
                summary.length());
        return new AiReviewOutcome(outcome, run.executionId(), config.stageName(), config.actionName(), summary);
    }

    /**
     * Escalation: nothing is sent to CodePipeline; the approval waits for a person, told why through the approval
     * topic. Without a topic, the person has CodePipeline's own notification of the approval only.
     */
    private AiReviewOutcome escalate(Run run, Optional<Map<String, String>> tags, AiReviewRecord verdict,
            LeftToPerson why) {
        String reason = verdict.reason().orElseThrow();
        Optional<String> topic = config.notificationTopicArn().filter(arn -> !arn.isBlank());
        if (topic.isPresent()) {
            try {
                notices.publish(topic.get(), run.pipeline(), run.executionId(), config.stageName(), config.actionName(),
                        verdict.model(), reason);
            } catch (SdkException e) {
                return failedToAct(run, tags, Verdict.Decision.ESCALATE, "SNS Publish", e);
            }
        }
        tags.ifPresent(current -> tryRecord(run, current, verdict.with(Step.ESCALATED, verdict.reason())));
        LogField.OUTCOME.set(WireName.of(Outcome.ESCALATED));
        metrics.emit(Metric.AI_REVIEWS_LEFT_TO_PERSON, 1, run.pipeline(), why.wireName());
        LOG.warnf("ai review escalated, %s: execution_id=%s stage=%s action=%s notified=%s reason_chars=%d",
                LEFT_TO_A_PERSON, run.executionId(), config.stageName(), config.actionName(),
                topic.isPresent() ? "approval-topic" : "no (no topic configured)", reason.length());
        return new AiReviewOutcome(Outcome.ESCALATED, run.executionId(), config.stageName(), config.actionName(), reason);
    }

    /**
     * Acting on a verdict failed after the model answered. Only when the verdict is recorded and the failure may pass
     * does the invocation fail (Lambda's retry then acts on that same verdict); otherwise the approval is left to a
     * person.
     */
    private AiReviewOutcome failedToAct(Run run, Optional<Map<String, String>> tags, Verdict.Decision decision,
            String call, SdkException e) {
        String error = e instanceof AwsServiceException service ? AwsErrors.code(service) : e.getClass().getSimpleName();
        if (tags.isPresent() && mayPass(e)) {
            LOG.warnf("ai review could not act on its verdict, Lambda retries the invocation with the recorded verdict: "
                    + "execution_id=%s stage=%s action=%s decision=%s call=%s error=%s", run.executionId(),
                    config.stageName(), config.actionName(), decision.wireName(), call, error);
            throw e;
        }
        return giveUp(run, call + " failed (" + error + ") after the model answered " + decision.wireName()
                + (tags.isPresent() ? "" : ", and the verdict could not be recorded"));
    }

    /** Throttling, a server error or no answer at all: a later attempt may succeed. */
    private static boolean mayPass(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    /** Records a step once the model was asked; a failure is logged, never thrown (a retry must not ask again). */
    private Optional<Map<String, String>> tryRecord(Run run, Map<String, String> tags, AiReviewRecord record) {
        try {
            return Optional.of(records.write(run.source(), run.versionId(), tags, record));
        } catch (SdkException | IllegalArgumentException e) {
            LOG.warnf("ai review could not record step %s on s3_version_id=%s: execution_id=%s error=%s",
                    record.step().wireName(), run.versionId(), run.executionId(),
                    e instanceof AwsServiceException service ? AwsErrors.code(service) : e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * The reason as PutApprovalResult's summary: at most 512 characters, and at most what the record keeps
     * ({@link AiReviewRecord#MAX_REASON_BYTES} bytes of UTF-8), so a re-sent verdict carries the same summary; visibly
     * marked when cut.
     */
    static String summary(String reason) {
        if (reason.length() <= MAX_SUMMARY && utf8Length(reason) <= AiReviewRecord.MAX_REASON_BYTES) {
            return reason;
        }
        int end = Math.min(reason.length(), MAX_SUMMARY - TRUNCATED.length());
        int budget = AiReviewRecord.MAX_REASON_BYTES - utf8Length(TRUNCATED);
        while (end > 0 && (Character.isHighSurrogate(reason.charAt(end - 1))
                || utf8Length(reason.substring(0, end)) > budget)) {
            end--;
        }
        return reason.substring(0, end) + TRUNCATED;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** @param counted why, for the metric; null when an earlier invocation counted this run */
    private AiReviewOutcome noDecision(String pipeline, String executionId, String why, LeftToPerson counted) {
        LogField.OUTCOME.set(WireName.of(Outcome.NO_DECISION));
        if (counted != null) {
            metrics.emit(Metric.AI_REVIEWS_LEFT_TO_PERSON, 1, pipeline, counted.wireName());
        }
        LOG.warnf("ai review made no decision, " + LEFT_TO_A_PERSON + ": execution_id=%s stage=%s action=%s "
                + "reason=%s", executionId, config.stageName(), config.actionName(), why);
        return new AiReviewOutcome(Outcome.NO_DECISION, executionId, config.stageName(), config.actionName(), why);
    }

    /** The model answered (or may have), but its verdict cannot be acted on: left to a person, never asked again. */
    private AiReviewOutcome giveUp(Run run, String why) {
        return noDecision(run.pipeline(), run.executionId(), "gave up: " + why, LeftToPerson.GAVE_UP);
    }

    private AiReviewOutcome stoodDown(String executionId, String why) {
        LogField.OUTCOME.set(WireName.of(Outcome.STOOD_DOWN));
        LOG.infof("ai review stood down: execution_id=%s stage=%s action=%s reason=%s", executionId, config.stageName(),
                config.actionName(), why);
        return new AiReviewOutcome(Outcome.STOOD_DOWN, executionId, config.stageName(), config.actionName(), why);
    }

    /** One AI approval run: the execution, its approval token (a secret) and the request's object version. */
    private record Run(String pipeline, String executionId, String token, SourceObject source, String versionId) {

        /** The token is a credential for PutApprovalResult: never printed. */
        @Override
        public String toString() {
            return "Run[" + pipeline + ", " + executionId + ", " + source + "?versionId=" + versionId + "]";
        }
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
        return StateChangeFilter.otherPipeline(detail.pipeline(), pipelineConfig.pool())
                .or(() -> detail.executionId() == null || detail.executionId().isBlank()
                        ? Optional.of("no execution-id")
                        : Optional.empty());
    }
}
