package io.github.approvalgate.result;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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

    /** CodePipeline API reference: PipelineDeclaration.name, StageDeclaration.name, ActionDeclaration.name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.@\\-_]{1,100}");
    /** CodePipeline API reference: PipelineExecution.pipelineExecutionId. */
    private static final Pattern EXECUTION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
            require(event, "stage", detail.stage(), NAME);
            require(event, "action", detail.action(), NAME);
        } else if (!ENDED_PIPELINE_STATES.contains(detail.state())) {
            return Optional.of("pipeline execution state is " + Echo.quoted(detail.state()) + ", not an ending");
        }
        require(event, "pipeline", detail.pipeline(), NAME);
        require(event, "execution-id", detail.executionId(), EXECUTION_ID);
        return Optional.empty();
    }

    private static void require(CodePipelineStateChange event, String field, String value, Pattern pattern) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + " has no 'detail." + field + "'");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + " has an invalid 'detail." + field
                    + "' " + Echo.quoted(value) + ": expected " + pattern.pattern());
        }
    }
}
