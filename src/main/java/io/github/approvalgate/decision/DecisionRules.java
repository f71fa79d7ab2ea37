package io.github.approvalgate.decision;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.ExecutionStatus;

/**
 * Derives a request's decision from its execution, the same way whichever event (or sweep) asks: the approval action's
 * own status decides when it has one; the execution's status only when the approval never ran. So a duplicate event,
 * a pipeline-level event and the sweep can never derive two different decisions for one execution.
 */
final class DecisionRules {

    /** The state of an action event for an approval cancelled by a pipeline update. */
    static final String CANCELED_ACTION_STATE = "CANCELED";

    private DecisionRules() {
    }

    /**
     * @param status the execution's own status, read only when the approval runs cannot decide alone
     * @param actionEventState state of the action event that triggered this, if one did
     * @return the decision, or empty while the request is still pending
     */
    static Optional<Ending> derive(ExecutionActions actions, Supplier<ExecutionStatus> status,
            Optional<String> actionEventState) {
        List<ActionRun> approvals = actions.approvals();
        Optional<ActionRun> failed = first(approvals, ActionRun.FAILED);
        if (failed.isPresent()) {
            ActionRun run = failed.get();
            return run.updatedBy().isPresent()
                    ? ending(Decision.REJECTED, run, Optional.empty())
                    : ending(Decision.EXPIRED, run, run.summary().or(run::errorMessage));
        }
        Optional<ActionRun> abandoned = first(approvals, ActionRun.ABANDONED);
        if (abandoned.isPresent()) {
            ExecutionStatus execution = status.get();
            Decision decision = switch (Objects.requireNonNullElse(execution.status(), "")) {
                case ExecutionStatus.CANCELLED -> Decision.CANCELLED;
                case ExecutionStatus.SUPERSEDED -> Decision.SUPERSEDED;
                default -> actionEventState.filter(CANCELED_ACTION_STATE::equals).isPresent()
                        ? Decision.CANCELLED
                        : Decision.STOPPED;
            };
            return ending(decision, abandoned.get(), execution.summary());
        }
        if (first(approvals, ActionRun.IN_PROGRESS).isPresent()) {
            return Optional.empty();
        }
        if (!approvals.isEmpty()) {
            return ending(Decision.APPROVED, approvals.getLast(), Optional.empty());
        }
        ExecutionStatus execution = status.get();
        Optional<Decision> decision = switch (Objects.requireNonNullElse(execution.status(), "")) {
            case ExecutionStatus.FAILED -> Optional.of(Decision.FAILED);
            case ExecutionStatus.STOPPED, ExecutionStatus.STOPPING -> Optional.of(Decision.STOPPED);
            case ExecutionStatus.SUPERSEDED -> Optional.of(Decision.SUPERSEDED);
            case ExecutionStatus.CANCELLED -> Optional.of(Decision.CANCELLED);
            default -> Optional.empty();
        };
        Optional<String> reason = actions.sourceRun().errorMessage().or(execution::summary);
        return decision.map(ended -> new Ending(ended, Optional.empty(), reason));
    }

    private static Optional<Ending> ending(Decision decision, ActionRun approval, Optional<String> reason) {
        return Optional.of(new Ending(decision, Optional.of(approval), reason));
    }

    private static Optional<ActionRun> first(List<ActionRun> runs, String status) {
        return runs.stream().filter(run -> status.equals(run.status())).findFirst();
    }
}
