package io.github.approvalgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.ExecutionStatus;
import io.github.approvalgate.source.SourceObject;

/** Every branch of the decision table in docs/functions.md, with the execution's status read only where it decides. */
class DecisionRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    private static final String APPROVER = "arn:aws:iam::123456789012:user/alice";

    @Test
    void succeededApprovalIsApprovedWithoutReadingTheExecution() {
        Ending ending = derive(List.of(approval(ActionRun.SUCCEEDED, APPROVER, "ship it")), unread(), null).orElseThrow();

        assertEquals(Decision.APPROVED, ending.decision());
        assertEquals(Optional.empty(), ending.reason());
        assertEquals("ship it", ending.approval().orElseThrow().summary().orElseThrow());
    }

    @Test
    void failedApprovalWithAReviewerIsRejected() {
        Ending ending = derive(List.of(approval(ActionRun.FAILED, APPROVER, "no")), unread(), null).orElseThrow();

        assertEquals(Decision.REJECTED, ending.decision());
        assertEquals(Optional.empty(), ending.reason(), "a reviewer's comment is not CodePipeline's reason");
    }

    @Test
    void failedApprovalThatNobodyDecidedIsExpiredWithCodePipelinesSummary() {
        Ending ending = derive(List.of(approval(ActionRun.FAILED, null, "The approval request timed out.")), unread(),
                null).orElseThrow();

        assertEquals(Decision.EXPIRED, ending.decision());
        assertEquals(Optional.of("The approval request timed out."), ending.reason());
    }

    @ParameterizedTest
    @CsvSource({
            "Stopped,    ,         STOPPED",
            "Stopping,   ,         STOPPED",
            "Cancelled,  ,         CANCELLED",
            "Superseded, ,         SUPERSEDED",
            "InProgress, CANCELED, CANCELLED",
            "InProgress, ABANDONED, STOPPED" })
    void abandonedApprovalTakesItsKindFromTheExecution(String executionStatus, String actionEventState, Decision expected) {
        AtomicInteger reads = new AtomicInteger();
        Supplier<ExecutionStatus> status = () -> {
            reads.incrementAndGet();
            return new ExecutionStatus(executionStatus, Optional.of("stopped by ops"), Map.of());
        };

        Ending ending = derive(List.of(approval(ActionRun.ABANDONED, null, null)), status, actionEventState).orElseThrow();

        assertEquals(expected, ending.decision());
        assertEquals(Optional.of("stopped by ops"), ending.reason());
        assertEquals(1, reads.get());
    }

    @Test
    void waitingApprovalHasNoDecisionWhateverThePipelineEventSaid() {
        assertTrue(derive(List.of(approval(ActionRun.IN_PROGRESS, null, null)), unread(), null).isEmpty());
    }

    @Test
    void aRejectionAtAnyStageDecidesEvenIfAnotherApprovalSucceeded() {
        Ending ending = derive(List.of(approval(ActionRun.SUCCEEDED, "arn:ai", "fine"),
                approval(ActionRun.FAILED, APPROVER, "not fine")), unread(), null).orElseThrow();

        assertEquals(Decision.REJECTED, ending.decision());
        assertEquals(APPROVER, ending.approval().orElseThrow().updatedBy().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({ "Failed, FAILED", "Stopped, STOPPED", "Stopping, STOPPED", "Superseded, SUPERSEDED",
            "Cancelled, CANCELLED" })
    void executionThatEndedBeforeItsApprovalRanDecidesFromItsStatus(String executionStatus, Decision expected) {
        Ending ending = derive(List.of(), () -> new ExecutionStatus(executionStatus, Optional.of("summary"), Map.of()),
                null).orElseThrow();

        assertEquals(expected, ending.decision());
        assertEquals(Optional.empty(), ending.approval());
        assertEquals(Optional.of("summary"), ending.reason());
    }

    @Test
    void sourceErrorIsTheReasonOfAnExecutionThatFailedAtSource() {
        ActionRun failedSource = run("Source", "Source", "Source", "S3", ActionRun.FAILED, null, null,
                "Access denied to the object version");
        ExecutionActions actions = new ExecutionActions("p", "e", new SourceObject("b", "k"), Optional.empty(),
                failedSource, List.of());

        Ending ending = (Ending) DecisionRules.derive(actions, List::of,
                () -> new ExecutionStatus("Failed", Optional.of("other"), Map.of()), Optional.empty());

        assertEquals(Decision.FAILED, ending.decision());
        assertEquals(Optional.of("Access denied to the object version"), ending.reason());
    }

    @Test
    void executionStillRunningBeforeItsApprovalHasNoDecision() {
        assertTrue(derive(List.of(), () -> new ExecutionStatus("InProgress", Optional.empty(), Map.of()), null).isEmpty());
        assertTrue(derive(List.of(), () -> new ExecutionStatus(null, Optional.empty(), Map.of()), null).isEmpty());
    }

    @Test
    void anIntermediateApprovalIsNotFinalWhileTheExecutionRuns() {
        ActionRun ai = run("AiReview", "AiReview", "Approval", "Manual", ActionRun.SUCCEEDED, "arn:ai", "fine", null);

        DecisionRules.Verdict verdict = verdict(List.of(ai), List.of("Approval/Approval"),
                () -> new ExecutionStatus("InProgress", Optional.empty(), Map.of()), "SUCCEEDED");

        assertEquals(new DecisionRules.NotFinal(ai), verdict);
    }

    @Test
    void theLastApprovalActionApproves() {
        ActionRun ai = run("AiReview", "AiReview", "Approval", "Manual", ActionRun.SUCCEEDED, "arn:ai", "fine", null);
        ActionRun human = approval(ActionRun.SUCCEEDED, APPROVER, "agreed");

        Ending ending = (Ending) verdict(List.of(ai, human), List.of("Approval/Approval"), unread(), null);

        assertEquals(Decision.APPROVED, ending.decision());
        assertEquals(Optional.of(human), ending.approval());
    }

    @Test
    void executionStoppedAfterAnIntermediateApprovalIsStopped() {
        ActionRun ai = run("AiReview", "AiReview", "Approval", "Manual", ActionRun.SUCCEEDED, "arn:ai", "fine", null);

        Ending ending = (Ending) verdict(List.of(ai), List.of("Approval/Approval"),
                () -> new ExecutionStatus("Stopped", Optional.of("ops"), Map.of()), null);

        assertEquals(Decision.STOPPED, ending.decision());
        assertEquals(Optional.empty(), ending.approval());
    }

    @Test
    void waitingForTheFirstApprovalIsPending() {
        assertEquals(new DecisionRules.Pending(), verdict(List.of(), List.of("Approval/Approval"),
                () -> new ExecutionStatus("InProgress", Optional.empty(), Map.of()), null));
    }

    @Test
    void aFinalRunInAStatusTheTableDoesNotKnowIsNeverAnApproval() {
        ActionRun unknown = approval("Paused", APPROVER, null);

        assertEquals(new DecisionRules.Pending(), verdict(List.of(unknown), List.of("Approval/Approval"), unread(),
                null));
        assertEquals("pending", Review.of(approval(null, null, null)).decision());
    }

    @Test
    void onlyAnApprovalApproves() {
        for (Decision decision : Decision.values()) {
            assertEquals(decision == Decision.APPROVED, decision.approved(), decision::name);
        }
        assertEquals("superseded", Decision.SUPERSEDED.jsonName());
    }

    /** Approval actions per review mode, as the template's ReviewModes mapping gives them. */
    private static final Map<String, List<String>> MODES = Map.of(
            "Human", List.of("Approval/Approval"),
            "AiThenHuman", List.of("AiReview/AiReview", "Approval/Approval"),
            "Ai", List.of("AiReview/AiReview"));

    /**
     * A request waits while ReviewMode changes: its execution keeps the stages it started with, the functions now
     * have the new mode's configuration. Whichever stage it waits at, it ends with its own decision.
     */
    @ParameterizedTest
    @CsvSource({ "Human, Ai", "Human, AiThenHuman", "Ai, Human", "Ai, AiThenHuman", "AiThenHuman, Human",
            "AiThenHuman, Ai" })
    void aRequestWaitingAcrossAReviewModeChangeEndsWithItsOwnDecision(String startedUnder, String nowConfigured) {
        List<String> stages = MODES.get(startedUnder);
        List<String> configured = MODES.get(nowConfigured);
        Map<String, String> variables = Map.of(io.github.approvalgate.pipeline.ApprovalActions.VARIABLE,
                String.join(",", stages));
        List<ActionRun> approved = new java.util.ArrayList<>();
        for (int passed = 0; passed < stages.size(); passed++) {
            String[] stageAction = stages.get(passed).split("/");
            approved.add(run(stageAction[0], stageAction[1], "Approval", "Manual", ActionRun.SUCCEEDED, APPROVER, "ok",
                    null));
            boolean last = passed == stages.size() - 1;
            for (String status : last ? List.of("InProgress", "Succeeded") : List.of("InProgress")) {
                Supplier<ExecutionStatus> execution = () -> new ExecutionStatus(status, Optional.empty(), variables);

                DecisionRules.Verdict verdict = verdictWith(List.copyOf(approved),
                        DecisionRules.finalApprovals(execution, configured), execution);

                if (last) {
                    Ending ending = assertInstanceOf(Ending.class, verdict, () -> startedUnder + " " + status);
                    assertEquals(Decision.APPROVED, ending.decision());
                    assertEquals(Optional.of(approved.getLast()), ending.approval());
                } else {
                    assertEquals(new DecisionRules.NotFinal(approved.getLast()), verdict, startedUnder + " " + status);
                }
            }
        }
        ActionRun rejected = run(stages.getFirst().split("/")[0], stages.getFirst().split("/")[1], "Approval", "Manual",
                ActionRun.FAILED, APPROVER, "no", null);
        assertEquals(Decision.REJECTED, ((Ending) verdictWith(List.of(rejected),
                DecisionRules.finalApprovals(unread(), configured), unread())).decision());
    }

    @Test
    void anExecutionStartedBeforeTheVariableExistedFallsBackToTheConfiguredFinalApproval() {
        ActionRun ai = run("AiReview", "AiReview", "Approval", "Manual", ActionRun.SUCCEEDED, "arn:ai", "fine", null);
        Supplier<ExecutionStatus> noVariable = () -> new ExecutionStatus("InProgress", Optional.empty(), Map.of());

        assertEquals(new DecisionRules.NotFinal(ai), verdictWith(List.of(ai),
                DecisionRules.finalApprovals(noVariable, List.of("Approval/Approval")), noVariable));
        assertEquals(Decision.APPROVED, ((Ending) verdictWith(List.of(ai),
                DecisionRules.finalApprovals(noVariable, List.of("AiReview/AiReview")), noVariable)).decision());
    }

    private static final List<String> TWO_GROUPS = List.of("AiReview/AiReview", "Approval/security", "Approval/owner");

    @Test
    void withApproverGroupsOnlyEveryGroupsApprovalApproves() {
        ActionRun ai = run("AiReview", "AiReview", "Approval", "Manual", ActionRun.SUCCEEDED, "arn:ai", "fine", null);
        ActionRun security = group("security", ActionRun.SUCCEEDED, "arn:security", T0.plusSeconds(60));
        ActionRun owner = group("owner", ActionRun.SUCCEEDED, "arn:owner", T0.plusSeconds(30));
        Supplier<ExecutionStatus> running = () -> new ExecutionStatus("InProgress", Optional.empty(),
                Map.of(io.github.approvalgate.pipeline.ApprovalActions.VARIABLE, String.join(",", TWO_GROUPS)));

        Ending ending = (Ending) verdictWith(List.of(ai, owner, security),
                DecisionRules.finalApprovals(running, List.of("Approval/Approval")), running);

        assertEquals(Decision.APPROVED, ending.decision());
        assertEquals(Optional.of(security), ending.approval(), "the later approval decided");
        assertEquals(new DecisionRules.NotFinal(owner), verdictWith(List.of(ai, owner),
                DecisionRules.finalApprovals(running, List.of()), running), "security's action has not run");
        assertEquals(new DecisionRules.Pending(), verdictWith(List.of(ai, owner,
                group("security", ActionRun.IN_PROGRESS, null, T0)), DecisionRules.finalApprovals(running, List.of()),
                running));
    }

    @Test
    void withApproverGroupsOneRejectionRejectsWhileTheOtherGroupWaits() {
        ActionRun rejected = group("security", ActionRun.FAILED, "arn:security", T0);

        Ending ending = (Ending) verdictWith(List.of(rejected, group("owner", ActionRun.IN_PROGRESS, null, T0)),
                () -> List.of("Approval/security", "Approval/owner"), unread());

        assertEquals(Decision.REJECTED, ending.decision());
        assertEquals(Optional.of(rejected), ending.approval());
    }

    @Test
    void withApproverGroupsAnActionThatTimedOutExpiresTheRequest() {
        Ending ending = (Ending) verdictWith(List.of(group("security", ActionRun.SUCCEEDED, "arn:security", T0),
                group("owner", ActionRun.FAILED, null, T0)), () -> List.of("Approval/security", "Approval/owner"),
                unread());

        assertEquals(Decision.EXPIRED, ending.decision());
        assertEquals("owner", ending.approval().orElseThrow().action());
    }

    @Test
    void theFinalStageIsTheStageOfTheLastListedAction() {
        assertEquals(List.of("Approval/security", "Approval/owner"),
                io.github.approvalgate.pipeline.ApprovalActions.finalStage(TWO_GROUPS));
        assertEquals(List.of("AiReview/AiReview"),
                io.github.approvalgate.pipeline.ApprovalActions.finalStage(List.of("AiReview/AiReview")));
        assertEquals(List.of(), io.github.approvalgate.pipeline.ApprovalActions.finalStageIn(Map.of()));
    }

    private static ActionRun group(String name, String status, String updatedBy, Instant decided) {
        return new ActionRun("Approval", name, "Approval", "Manual", status, Optional.ofNullable(updatedBy),
                Optional.empty(), Optional.empty(), Map.of(), Map.of(), T0, decided, Optional.empty(),
                Map.of());
    }

    private static DecisionRules.Verdict verdictWith(List<ActionRun> approvals, Supplier<List<String>> finalApproval,
            Supplier<ExecutionStatus> status) {
        ActionRun source = run("Source", "Source", "Source", "S3", ActionRun.SUCCEEDED, null, null, null);
        ExecutionActions actions = new ExecutionActions("p", "e", new SourceObject("b", "k"), Optional.of("v1"), source,
                approvals);
        return DecisionRules.derive(actions, finalApproval, status, Optional.empty());
    }

    /** The decision, or empty while there is none to send (pending or not final). */
    private static Optional<Ending> derive(List<ActionRun> approvals, Supplier<ExecutionStatus> status,
            String actionEventState) {
        return verdict(approvals, List.of(), status, actionEventState) instanceof Ending ending
                ? Optional.of(ending)
                : Optional.empty();
    }

    private static DecisionRules.Verdict verdict(List<ActionRun> approvals, List<String> finalApproval,
            Supplier<ExecutionStatus> status, String actionEventState) {
        ActionRun source = run("Source", "Source", "Source", "S3", ActionRun.SUCCEEDED, null, null, null);
        ExecutionActions actions = new ExecutionActions("p", "e", new SourceObject("b", "k"), Optional.of("v1"), source,
                approvals);
        return DecisionRules.derive(actions, () -> finalApproval, status, Optional.ofNullable(actionEventState));
    }

    /** A status that fails the test when read: the approval must decide alone. */
    private static Supplier<ExecutionStatus> unread() {
        return () -> {
            throw new AssertionError("the approval decides alone: the execution must not be read");
        };
    }

    private static ActionRun approval(String status, String updatedBy, String summary) {
        return run("Approval", "Approval", "Approval", "Manual", status, updatedBy, summary, null);
    }

    private static ActionRun run(String stage, String action, String category, String provider, String status,
            String updatedBy, String summary, String error) {
        return new ActionRun(stage, action, category, provider, status, Optional.ofNullable(updatedBy),
                Optional.ofNullable(summary), Optional.ofNullable(error), Map.of(), Map.of(), T0, T0,
                Optional.empty(), Map.of());
    }
}
