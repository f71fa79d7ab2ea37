package io.github.approvalgate.decision;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ApprovalActions;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.ExecutionStatus;

/**
 * Derives a request's decision from its execution, the same way whichever event (or sweep) asks: the approval actions'
 * own statuses decide when they can; the execution's status only when no approval decided. So a duplicate event, a
 * pipeline-level event and the sweep can never derive two different decisions for one execution.
 *
 * <p>
 * Across several approval stages only the final outcome counts: a rejection (or expiry, or abandonment) at any stage
 * ends the request at once, even while other actions of that stage (other approver groups) still wait; the request is
 * approved only when every action of the final approval stage (one per approver group) approved; an approval before
 * that decides nothing yet.
 */
final class DecisionRules {

    /** The state of an action event for an approval cancelled by a pipeline update. */
    static final String CANCELED_ACTION_STATE = "CANCELED";

    private DecisionRules() {
    }

    /** What an execution says about its request. */
    sealed interface Verdict permits Pending, NotFinal, Ending {
    }

    /** An approval still waits, or the execution has not reached one: nothing to send. */
    record Pending() implements Verdict {
    }

    /** An approval stage approved, and a later one has yet to decide: nothing to send. */
    record NotFinal(ActionRun approval) implements Verdict {
    }

    /**
     * The final approval stage's actions of one execution: those its {@link ApprovalActions#VARIABLE} names (fixed when
     * it started, whatever the review mode or groups are now), else the configured ones (an execution started before
     * the variable existed).
     *
     * @param execution the execution with its variables, read only when asked
     * @param configured every approval action ({@code Stage/Action}) as configured now, in order
     */
    static Supplier<List<String>> finalApprovals(Supplier<ExecutionStatus> execution, List<String> configured) {
        return () -> {
            List<String> started = ApprovalActions.finalStageIn(execution.get().variables());
            return started.isEmpty() ? ApprovalActions.finalStage(configured) : started;
        };
    }

    /**
     * @param finalApprovals {@code Stage/Action} of every action of the last approval stage this execution must pass
     *        (as fixed when it started); empty when the stage of the last approval action that ran is the final one.
     *        Read only when every approval that ran succeeded.
     * @param status the execution's own status, read only when the approval runs cannot decide alone
     * @param actionEventState state of the action event that triggered this, if one did
     */
    static Verdict derive(ExecutionActions actions, Supplier<List<String>> finalApprovals,
            Supplier<ExecutionStatus> status, Optional<String> actionEventState) {
        List<ActionRun> approvals = actions.approvals();
        Optional<ActionRun> failed = first(approvals, ActionRun.FAILED);
        if (failed.isPresent()) {
            ActionRun run = failed.get();
            return run.updatedBy().isPresent()
                    ? new Ending(Decision.REJECTED, Optional.of(run), Optional.empty())
                    : new Ending(Decision.EXPIRED, Optional.of(run), run.summary().or(run::errorMessage));
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
            return new Ending(decision, abandoned, execution.summary());
        }
        if (first(approvals, ActionRun.IN_PROGRESS).isPresent()) {
            return new Pending();
        }
        Optional<ActionRun> last = approvals.isEmpty() ? Optional.empty() : Optional.of(approvals.getLast());
        List<String> finalActions = last.isEmpty() ? List.of() : finalApprovals.get();
        List<ActionRun> finalRuns = finalActions.isEmpty()
                ? approvals.stream().filter(run -> last.isPresent() && run.stage().equals(last.get().stage())).toList()
                : approvals.stream().filter(run -> finalActions.contains(run.stageAction())).toList();
        boolean everyFinalRan = finalActions.isEmpty() ? !finalRuns.isEmpty()
                : finalActions.stream().allMatch(action -> finalRuns.stream()
                        .anyMatch(run -> action.equals(run.stageAction())));
        if (finalRuns.stream().anyMatch(run -> !ActionRun.SUCCEEDED.equals(run.status()))) {
            return new Pending(); // a status this table does not know: never read as an approval
        }
        if (everyFinalRan) {
            // Every group approved: the last approval decided it.
            ActionRun decisive = finalRuns.stream().max(java.util.Comparator.comparing(ActionRun::lastUpdateTime,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))).orElseThrow();
            return new Ending(Decision.APPROVED, Optional.of(decisive), Optional.empty());
        }
        ExecutionStatus execution = status.get();
        Optional<Decision> ended = switch (Objects.requireNonNullElse(execution.status(), "")) {
            case ExecutionStatus.FAILED -> Optional.of(Decision.FAILED);
            case ExecutionStatus.STOPPED, ExecutionStatus.STOPPING -> Optional.of(Decision.STOPPED);
            case ExecutionStatus.SUPERSEDED -> Optional.of(Decision.SUPERSEDED);
            case ExecutionStatus.CANCELLED -> Optional.of(Decision.CANCELLED);
            default -> Optional.empty();
        };
        if (ended.isPresent()) {
            Optional<String> reason = actions.sourceRun().errorMessage().or(execution::summary);
            return new Ending(ended.get(), Optional.empty(), reason);
        }
        return last.<Verdict> map(NotFinal::new).orElseGet(Pending::new);
    }

    private static Optional<ActionRun> first(List<ActionRun> runs, String status) {
        return runs.stream().filter(run -> status.equals(run.status())).findFirst();
    }
}
