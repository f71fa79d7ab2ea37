package io.github.approvalgate.testing.codepipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One pipeline execution and its action rows, oldest first. Replaced as a whole on every change. */
record PipelineRun(PipelineDefinition pipeline, int pipelineVersion, String executionId, String sourceRevision,
        Map<String, String> variables,
        String status, String statusSummary, Instant started, Instant lastUpdate, List<ActionRow> rows) {

    static final String IN_PROGRESS = "InProgress";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";
    static final String STOPPING = "Stopping";
    static final String STOPPED = "Stopped";
    static final String SUPERSEDED = "Superseded";

    boolean inProgress() {
        return IN_PROGRESS.equals(status) || STOPPING.equals(status);
    }

    Optional<ActionRow> row(String actionName) {
        return rows.stream().filter(r -> r.action().name().equals(actionName)).findFirst();
    }

    Optional<ActionRow> row(PipelineDefinition.Action action) {
        return rows.stream().filter(r -> r.action().equals(action)).findFirst();
    }

    /** The first approval action waiting for a decision, if one is (parallel approvals wait together). */
    Optional<ActionRow> currentApproval() {
        return waitingApprovals().stream().findFirst();
    }

    /** The approval actions waiting for a decision, in pipeline order. */
    List<ActionRow> waitingApprovals() {
        return rows.stream().filter(r -> r.action().type().category().equals("Approval")
                && ActionRow.IN_PROGRESS.equals(r.status())).toList();
    }

    ActionRow approvalRow() {
        return currentApproval().orElseThrow();
    }

    boolean awaitingApproval() {
        return inProgress() && currentApproval().isPresent();
    }

    /** Whether any approval action of this execution has started. */
    boolean enteredApproval() {
        return rows.stream().anyMatch(r -> r.action().type().category().equals("Approval"));
    }

    PipelineRun withRow(ActionRow row) {
        List<ActionRow> updated = new ArrayList<>(rows);
        int index = updated.indexOf(row(row.action()).orElse(null));
        if (index >= 0) {
            updated.set(index, row);
        } else {
            updated.add(row);
        }
        return new PipelineRun(pipeline, pipelineVersion, executionId, sourceRevision, variables, status, statusSummary,
                started,
                row.lastUpdateTime(), List.copyOf(updated));
    }

    PipelineRun withStatus(String newStatus, String summary, Instant at) {
        return new PipelineRun(pipeline, pipelineVersion, executionId, sourceRevision, variables, newStatus, summary, started,
                at, rows);
    }
}
