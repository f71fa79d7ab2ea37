package io.github.approvalgate.result;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.github.approvalgate.input.AwsNames;
import io.github.approvalgate.input.Echo;
import io.github.approvalgate.pipeline.event.ActionType;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;
import io.github.approvalgate.pipeline.event.StateChangeDetail;

/**
 * Decides which events can end an approval request, and rejects those that claim to but cannot be traced. Every
 * identifier is checked against CodePipeline's documented pattern before any call, and echoed values are bounded.
 */
final class ApprovalEventFilter {

    /** Approval action states that end it (a rejected and an expired approval both end FAILED). */
    static final Set<String> ENDED_ACTION_STATES = Set.of("SUCCEEDED", "FAILED", "ABANDONED", "CANCELED");
    /** Pipeline execution states that can end a request before its approval ran. */
    static final Set<String> ENDED_PIPELINE_STATES = Set.of("FAILED", "STOPPED", "SUPERSEDED", "CANCELED");

    private ApprovalEventFilter() {
    }

    /** @return why the event cannot end a request, or empty when it can */
    static Optional<String> reasonToIgnore(CodePipelineStateChange event) {
        if (event == null) {
            return Optional.of("empty event");
        }
        if (!CodePipelineStateChange.SOURCE.equals(event.source())
                || !(event.isActionEvent() || event.isPipelineEvent())) {
            return Optional.of("not a CodePipeline execution or action state change from "
                    + CodePipelineStateChange.SOURCE + " (source=" + Echo.quoted(event.source()) + ", detail-type="
                    + Echo.quoted(event.detailType()) + ")");
        }
        StateChangeDetail detail = event.detail();
        if (detail == null) {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + " has no 'detail'");
        }
        if (event.isActionEvent()) {
            String category = detail.type() == null ? null : detail.type().category();
            if (!ActionType.APPROVAL_CATEGORY.equals(category)) {
                return Optional.of("action category is " + Echo.quoted(category) + ", not " + ActionType.APPROVAL_CATEGORY);
            }
            if (!ENDED_ACTION_STATES.contains(detail.state())) {
                return Optional.of("approval state is " + Echo.quoted(detail.state()) + ", not an ending");
            }
            require(event, "stage", detail.stage(), AwsNames::codePipelineNameProblem);
            require(event, "action", detail.action(), AwsNames::codePipelineNameProblem);
        } else if (!ENDED_PIPELINE_STATES.contains(detail.state())) {
            return Optional.of("pipeline execution state is " + Echo.quoted(detail.state()) + ", not an ending");
        }
        require(event, "pipeline", detail.pipeline(), AwsNames::codePipelineNameProblem);
        require(event, "execution-id", detail.executionId(), AwsNames::codePipelineExecutionIdProblem);
        return Optional.empty();
    }

    /** Checks a field the handler will send to AWS, before any call. */
    private static void require(CodePipelineStateChange event, String field, String value,
            Function<String, Optional<String>> rule) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + " has no 'detail." + field + "'");
        }
        rule.apply(value).ifPresent(problem -> {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + ": 'detail." + field + "' "
                    + problem);
        });
    }
}
