package io.github.approvalgate.result;

import java.util.Optional;
import java.util.Set;

import io.github.approvalgate.pipeline.event.ActionExecutionStateChange;
import io.github.approvalgate.pipeline.event.ActionStateChangeDetail;
import io.github.approvalgate.pipeline.event.ActionType;

/** Decides which events carry an approval decision, and rejects those that claim to but cannot be traced. */
final class ApprovalEventFilter {

    static final String APPROVED = "SUCCEEDED";
    /** A rejected approval and an expired one both finish as FAILED. */
    static final String REJECTED = "FAILED";
    private static final Set<String> DECIDED = Set.of(APPROVED, REJECTED);

    private ApprovalEventFilter() {
    }

    /** @return why the event is not an approval decision, or empty when it is one */
    static Optional<String> reasonToIgnore(ActionExecutionStateChange event) {
        if (event == null) {
            return Optional.of("empty event");
        }
        if (!ActionExecutionStateChange.SOURCE.equals(event.source())
                || !ActionExecutionStateChange.DETAIL_TYPE.equals(event.detailType())) {
            return Optional.of("not a '" + ActionExecutionStateChange.DETAIL_TYPE + "' event from "
                    + ActionExecutionStateChange.SOURCE + " (source=" + event.source() + ", detail-type="
                    + event.detailType() + ")");
        }
        ActionStateChangeDetail detail = event.detail();
        if (detail == null) {
            throw new IllegalArgumentException("event " + event.id() + " has no 'detail'");
        }
        String category = detail.type() == null ? null : detail.type().category();
        if (!ActionType.APPROVAL_CATEGORY.equals(category)) {
            return Optional.of("action category is " + category + ", not " + ActionType.APPROVAL_CATEGORY);
        }
        if (!DECIDED.contains(detail.state())) {
            return Optional.of("approval state is " + detail.state() + ", not a decision");
        }
        requireText(event, "pipeline", detail.pipeline());
        requireText(event, "execution-id", detail.executionId());
        requireText(event, "stage", detail.stage());
        requireText(event, "action", detail.action());
        return Optional.empty();
    }

    private static void requireText(ActionExecutionStateChange event, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("approval event " + event.id() + " has no 'detail." + field + "'");
        }
    }
}
