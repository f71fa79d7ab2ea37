package io.github.approvalgate.it;

import static io.github.approvalgate.it.LocalApprovalLoop.BUCKET;
import static io.github.approvalgate.it.LocalApprovalLoop.KEY;
import static io.github.approvalgate.it.LocalApprovalLoop.PIPELINE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.it.LocalApprovalLoop.Delivery;
import io.github.approvalgate.it.LocalApprovalLoop.WorkflowEnd;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.ActionEvents;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.lambda.InvokeResult;
import io.github.approvalgate.testing.moto.Boto3;
import io.github.approvalgate.token.TaskTokens;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The approval loop end to end on real local services over HTTP: the template's state machine in moto, the packaged
 * functions through Lambda's runtime interface client, the CodePipeline stand-in, and the template's EventBridge rule.
 */
class ApprovalLoopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every scenario runs on a stack with a pool of pipelines (PipelineCount), as a busy stack has. */
    private static final int POOL_SIZE = 3;
    private static LocalApprovalLoop loop;

    @BeforeAll
    static void start() {
        loop = LocalApprovalLoop.start(Path.of("target", "function.zip"), ReviewMode.HUMAN, POOL_SIZE);
    }

    @AfterEach
    void everyMatchedEventReachedTheFunction() {
        loop.awaitForwarded();
    }

    @AfterAll
    static void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void approvedRequestEndsInApproved() {
        String execution = startWorkflow("approve me");
        PendingApproval pending = awaitPending(execution);

        loop.codePipeline().approve(pending.pipelineName(), pending.executionId(), "Approved in the console");
        WorkflowEnd end = awaitEnd(execution);

        assertEquals(ExecutionStatus.SUCCEEDED, end.status());
        assertEquals("Approved", last(end.statesEntered()));
        assertTrue(end.output().path("is_approved").asBoolean(false), end.output().toString());
        assertEquals(pending.executionId(), end.output().path("pipeline_execution_id").asText());
        assertEquals(pending.sourceVersionId(), end.output().path("s3_version_id").asText());
        assertEquals("approve me", loop.s3().getObjectAsBytes(get -> get.bucket(BUCKET).key(KEY)
                .versionId(pending.sourceVersionId())).asUtf8String());
        assertEquals(1, startsFor(Set.of(pending.sourceVersionId())), "one pipeline execution for the request");
        // NoTokenInLogs checks that no log holds the token; here: the log it reads is the one the decision went to.
        loop.lambda().awaitIdle(LocalApprovalLoop.patience());
        assertTrue(loop.lambda().logText(ApprovalResultHandler.NAME).lines()
                .anyMatch(line -> line.contains("decision delivered") && line.contains("execution_id=" + pending.executionId())
                        && line.contains("task=" + TaskTokens.fingerprint(loop.taskTokenOf(execution).orElseThrow()))),
                "approval-result logs the decision with the token's fingerprint");
    }

    @Test
    void rejectedAndExpiredRequestsEndInRejected() {
        String rejected = startWorkflow("reject me");
        String expired = startWorkflow("let me expire");
        PendingApproval rejectedApproval = awaitPending(rejected);
        PendingApproval expiredApproval = awaitPending(expired);

        loop.codePipeline().reject(rejectedApproval.pipelineName(), rejectedApproval.executionId(), "No");
        loop.codePipeline().expire(expiredApproval.pipelineName(), expiredApproval.executionId());

        for (String execution : List.of(rejected, expired)) {
            WorkflowEnd end = awaitEnd(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, end.status());
            assertEquals("Rejected", last(end.statesEntered()), end.statesEntered()::toString);
            assertFalse(end.output().path("is_approved").asBoolean(true), end.output().toString());
        }
        // Each ending arrives twice (the approval's FAILED event, then the execution's): delivered once, no WARN.
        loop.awaitForwarded();
        loop.lambda().awaitIdle(LocalApprovalLoop.patience());
        for (PendingApproval approval : List.of(rejectedApproval, expiredApproval)) {
            List<String> outcomes = loop.deliveries().stream()
                    .filter(d -> json(d.event()).path("detail").path("execution-id").asText().equals(approval.executionId()))
                    .map(d -> json(d.result().payload()).path("outcome").asText())
                    .sorted().toList();
            assertEquals(List.of("already-delivered", "delivered"), outcomes);
            assertFalse(loop.lambda().logText(ApprovalResultHandler.NAME).lines()
                    .anyMatch(line -> line.contains(approval.executionId()) && line.contains("WARN")),
                    "no WARN for " + approval.executionId());
        }
        for (String execution : List.of(rejected, expired)) {
            assertEquals(1, loop.history(execution).stream()
                    .filter(event -> event.type() == HistoryEventType.TASK_SUCCEEDED).count(), "one SendTaskSuccess");
        }
    }

    @Test
    void aStartWhoseAnswerIsLostLeavesOneExecutionAndItDecidesTheWorkflow() {
        forgetEarlierExecutions();
        // Every StartPipelineExecution of the first attempt takes effect and its answer never arrives.
        loop.codePipeline().loseNextAnswers("StartPipelineExecution", 100);
        String execution = startWorkflow("my start's answer is lost");
        await().atMost(LocalApprovalLoop.patience()).until(() -> loop.history(execution).stream()
                .anyMatch(event -> event.type() == HistoryEventType.TASK_FAILED
                        && event.taskFailedEventDetails().error().endsWith("PipelineNotStartedException")));
        loop.codePipeline().loseNextAnswers("StartPipelineExecution", 0);

        PendingApproval pending = awaitPending(execution);
        String token = loop.taskTokenOf(execution).orElseThrow();
        await().atMost(LocalApprovalLoop.patience()).until(() -> versionsWithToken(token).size() >= 2);
        loop.codePipeline().reject(pending.pipelineName(), pending.executionId(), "the one execution decides");
        WorkflowEnd end = awaitEnd(execution);

        assertEquals("Rejected", last(end.statesEntered()), end.statesEntered()::toString);
        assertEquals("rejected", end.output().path("decision").asText());
        assertEquals(pending.executionId(), end.output().path("pipeline_execution_id").asText());
        List<String> starts = loop.codePipeline().events().stream()
                .filter(e -> e.contains("Pipeline Execution State Change") && e.contains("\"state\":\"STARTED\""))
                .toList();
        assertEquals(1, starts.size(), "one execution for the task, though two attempts each wrote a version");
        assertTrue(loop.codePipeline().pendingApprovals().isEmpty(), "no orphan waits for an approval");
    }

    private static List<String> versionsWithToken(String token) {
        return loop.s3().listObjectVersions(list -> list.bucket(BUCKET).prefix(KEY)).versions().stream()
                .map(version -> version.versionId())
                .filter(version -> loop.tokenIn(version).equals(Optional.of(token)))
                .toList();
    }

    @Test
    void aRequestWaitingWhileTheReviewModeChangesEndsWithItsOwnDecision() {
        String execution = startWorkflow("started under Human, decided under Ai");
        PendingApproval pending = awaitPending(execution);

        loop.changeReviewMode(ReviewMode.AI);
        try {
            loop.codePipeline().approve(pending.pipelineName(), pending.executionId(),
                    "the person decides the stage it waits at");
            WorkflowEnd end = awaitEnd(execution);

            assertEquals("Approved", last(end.statesEntered()), end.statesEntered()::toString);
            assertEquals("Approval", end.output().path("stage").asText(), end.output().toString());
        } finally {
            loop.changeReviewMode(ReviewMode.HUMAN);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "Freigabe prüfen", "承認を待つ" })
    void thePackagedStartApprovalWritesOnlyUsAsciiMetadataForANonAsciiStateName(String state) {
        String token = "AAAAKgAAAAIAAAAAAAAAAd-non-ascii-state-" + state.length();
        io.github.approvalgate.testing.logs.TaskTokenWitness.token(token);
        var request = JSON.createObjectNode().put("token", token).put("step", state).put("s3_bucket_name", BUCKET)
                .put("s3_bucket_key", KEY).put("confirmation_file_content-type", "text/plain")
                .put("confirmation_file_content", "from " + state);

        InvokeResult started = loop.lambda().invoke(io.github.approvalgate.request.StartApprovalHandler.NAME,
                request.toString());

        assertNull(started.functionError(), started.payload());
        String versionId = json(started.payload()).path("s3_version_id").asText();
        var metadata = loop.s3().headObject(h -> h.bucket(BUCKET).key(KEY).versionId(versionId)).metadata();
        metadata.forEach((name, value) -> assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7F),
                () -> name + " is not US-ASCII: " + value));
        assertEquals(Optional.of(token), loop.tokenIn(versionId));
        assertTrue(io.github.approvalgate.token.MetadataText.decode(metadata.get("codepipeline-artifact-revision-summary"))
                .contains("state '" + state + "'"), metadata::toString);
        // No workflow waits for this request: end its execution.
        loop.codePipeline().stopExecution(json(started.payload()).path("pipeline").asText(),
                json(started.payload()).path("pipeline_execution_id").asText(), true, "test over");
    }

    @Test
    void aRequestThatEveryPoolPipelineRefusesOnceIsRetriedByTheWorkflow() {
        // One refusal per pipeline: start-approval tries each pipeline once, then the request is busy.
        loop.codePipeline().failNext("StartPipelineExecution", "ConcurrentPipelineExecutionsLimitExceededException",
                "The pipeline has reached the limit for concurrent pipeline executions", POOL_SIZE);
        String execution = startWorkflow("retry my start");

        PendingApproval pending = awaitPending(execution);
        loop.codePipeline().approve(pending.pipelineName(), pending.executionId(), "after a retry");

        WorkflowEnd end = awaitEnd(execution);
        assertEquals("Approved", last(end.statesEntered()));
        String token = loop.taskTokenOf(execution).orElseThrow();
        long versionsWithThisToken = loop.s3().listObjectVersions(list -> list.bucket(BUCKET).prefix(KEY)).versions()
                .stream()
                .filter(version -> loop.tokenIn(version.versionId()).equals(Optional.of(token)))
                .count();
        assertEquals(2, versionsWithThisToken, "the failed attempt and the retried one each wrote a version");
    }

    @Test
    void stoppedWithAbandonWhileTheApprovalWaitsEndsInRejectedAsStopped() {
        String execution = startWorkflow("stop me");
        PendingApproval pending = awaitPending(execution);

        loop.codePipeline().stopExecution(pending.pipelineName(), pending.executionId(), true, "operator stopped it");
        WorkflowEnd end = awaitEnd(execution);

        assertEquals("Rejected", last(end.statesEntered()));
        assertFalse(end.output().path("is_approved").asBoolean(true));
        assertEquals("stopped", end.output().path("decision").asText(), end.output().toString());
        assertEquals("operator stopped it", end.output().path("reason").asText());
        assertEquals(Optional.of("stopped"), loop.decisionTagOf(pending.sourceVersionId()));
    }

    @Test
    void executionFailingAtSourceEndsInRejectedAsFailed() {
        loop.codePipeline().failNextSource("The object version could not be read");
        String execution = startWorkflow("fail at source");

        WorkflowEnd end = awaitEnd(execution);

        assertEquals("Rejected", last(end.statesEntered()));
        assertEquals("failed", end.output().path("decision").asText(), end.output().toString());
        assertEquals("The object version could not be read", end.output().path("reason").asText());
        String versionId = end.output().path("s3_version_id").asText();
        assertEquals(Optional.of("failed"), loop.decisionTagOf(versionId));
    }

    @Test
    void lostDecisionEventIsDeliveredByTheNextSweepAndOnlyOnce() {
        forgetEarlierExecutions();
        String execution = startWorkflow("my event gets lost");
        PendingApproval pending = awaitPending(execution);

        loop.codePipeline().deliverEvents(false);
        try {
            loop.codePipeline().approve(pending.pipelineName(), pending.executionId(),
                    "approved while EventBridge lost the event");
        } finally {
            loop.codePipeline().deliverEvents(true);
        }
        assertEquals(ExecutionStatus.RUNNING, loop.status(execution), "no event, no decision yet");
        assertTrue(loop.decisionTagOf(pending.sourceVersionId()).isEmpty());

        JsonNode first = sweepReport();
        WorkflowEnd end = awaitEnd(execution);
        assertEquals("Approved", last(end.statesEntered()));
        assertEquals("approved", end.output().path("decision").asText());
        assertTrue(outcomesOf(first).contains(pending.executionId() + "=delivered"), first.toString());
        assertEquals(Optional.of("approved"), loop.decisionTagOf(pending.sourceVersionId()));

        JsonNode second = sweepReport();
        assertFalse(outcomesOf(second).stream().anyMatch(o -> o.startsWith(pending.executionId())), second.toString());
        assertEquals(1, loop.history(execution).stream()
                .filter(event -> event.type() == HistoryEventType.TASK_SUCCEEDED).count());
    }

    /** The packaged start-approval schedules the check; the packaged sweep, run with its input, delivers once. */
    @Test
    void expiryWhoseEventWasLostIsDeliveredByTheRequestsDeadlineCheck() {
        forgetEarlierExecutions();
        String execution = startWorkflow("my expiry gets lost");
        PendingApproval pending = awaitPending(execution);

        loop.codePipeline().deliverEvents(false);
        try {
            loop.codePipeline().expire(pending.pipelineName(), pending.executionId());
        } finally {
            loop.codePipeline().deliverEvents(true);
        }
        InvokeResult check = loop.deadlineCheck(pending.executionId());
        assertNull(check.functionError(), check.payload());
        JsonNode first = json(check.payload());
        WorkflowEnd end = awaitEnd(execution);
        assertEquals("Rejected", last(end.statesEntered()));
        assertEquals("expired", end.output().path("decision").asText());
        assertEquals(List.of(pending.executionId() + "=delivered"), outcomesOf(first), first.toString());

        JsonNode again = json(loop.deadlineCheck(pending.executionId()).payload());
        assertEquals(1, again.path("already_delivered").asInt(), again.toString());
        assertEquals(1, loop.history(execution).stream()
                .filter(event -> event.type() == HistoryEventType.TASK_SUCCEEDED).count());
    }

    @Test
    void duplicateEventAndSweepMakeOneEffectiveDecision() {
        forgetEarlierExecutions();
        String execution = startWorkflow("decided once, reported thrice");
        PendingApproval pending = awaitPending(execution);
        loop.codePipeline().reject(pending.pipelineName(), pending.executionId(), "no");
        awaitEnd(execution);
        Delivery first = awaitDelivery(pending.executionId());

        InvokeResult again = loop.redeliver(first.event());
        JsonNode sweep = sweepReport();

        assertEquals("already-delivered", json(again.payload()).path("outcome").asText(), again.payload());
        assertEquals("rejected", json(again.payload()).path("decision").asText(), again.payload());
        assertFalse(outcomesOf(sweep).stream().anyMatch(o -> o.startsWith(pending.executionId())), sweep.toString());
        assertEquals(1, loop.history(execution).stream()
                .filter(event -> event.type() == HistoryEventType.TASK_SUCCEEDED).count());
        assertEquals(Optional.of("rejected"), loop.decisionTagOf(pending.sourceVersionId()));
    }

    /**
     * The burst: with each pipeline's concurrency limit at 3, a pool of 3 holds 9 pending approvals. 9 requests
     * at once all start at their first attempt, 3 in each pipeline; 18 at once: 9 start, the other 9 are refused as
     * busy, wait and start as slots free; every workflow gets its own decision, none ends in Fail.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = { 1, 2 })
    void aBurstFillsThePoolAndTheRestWaitsForSlots(int poolFulls) throws Exception {
        int limit = 3;
        int capacity = limit * POOL_SIZE;
        int requests = poolFulls * capacity;
        forgetEarlierExecutions();
        loop.codePipeline().concurrencyLimit(limit);
        try {
            List<String> executions = startConcurrently(requests, "burst");
            // Nobody decides before every request made its first attempt: then exactly the pool's capacity started.
            await().atMost(LocalApprovalLoop.patience().multipliedBy(2)).until(() -> executions.stream()
                    .allMatch(e -> loop.pendingApprovalOf(e).isPresent() || waitedAsBusy(e)));
            Map<String, Long> perPipeline = loop.codePipeline().pendingApprovals().stream()
                    .collect(Collectors.groupingBy(PendingApproval::pipelineName, Collectors.counting()));
            assertEquals(loop.pool().stream().collect(Collectors.toMap(p -> p, p -> (long) limit)), perPipeline,
                    "the first attempts fill each pipeline to its limit");
            assertEquals(requests - capacity, executions.stream().filter(ApprovalLoopIT::waitedAsBusy).count(),
                    "exactly the requests beyond the pool's capacity waited");

            Set<String> approved = new java.util.HashSet<>();
            await().atMost(LocalApprovalLoop.patience().multipliedBy(4)).until(() -> {
                for (String execution : executions) {
                    loop.pendingApprovalOf(execution).filter(p -> approved.add(p.executionId()))
                            .ifPresent(p -> loop.codePipeline().approve(p.pipelineName(), p.executionId(), "in turn"));
                }
                return executions.stream().allMatch(e -> loop.end(e).isPresent());
            });

            Set<String> decidedIn = new java.util.HashSet<>();
            for (String execution : executions) {
                WorkflowEnd end = loop.end(execution).orElseThrow();
                assertEquals(ExecutionStatus.SUCCEEDED, end.status(), execution);
                assertEquals("Approved", last(end.statesEntered()), end.statesEntered()::toString);
                decidedIn.add(end.output().path("pipeline_execution_id").asText());
            }
            assertEquals(requests, decidedIn.size(), "every workflow was decided by its own pipeline execution");
            assertEquals(requests, approved.size());
        } finally {
            loop.codePipeline().concurrencyLimit(Integer.MAX_VALUE);
        }
    }

    /** Whether start-approval refused the workflow's request as busy at least once (the workflow then waits). */
    private static boolean waitedAsBusy(String execution) {
        return loop.history(execution).stream().anyMatch(event -> event.type() == HistoryEventType.TASK_FAILED
                && event.taskFailedEventDetails().error().endsWith("PipelineBusyException"));
    }

    private static List<String> startConcurrently(int count, String content) throws Exception {
        List<String> executions = new ArrayList<>();
        try (ExecutorService starters = Executors.newFixedThreadPool(count)) {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String text = content + " " + i;
                started.add(starters.submit(() -> startWorkflow(text)));
            }
            for (Future<String> future : started) {
                executions.add(future.get());
            }
        }
        return executions;
    }

    @Test
    void automatedReviewerDecidesThroughTheDocumentedApiPathAndIsNamedAsReviewer() {
        String bot = "arn:aws:sts::123456789012:assumed-role/release-bot/checks";
        loop.codePipeline().principal("release-bot-key", bot);
        String execution = startWorkflow("decided by a bot");
        PendingApproval pending = awaitPending(execution);

        try (ExternalReviewer reviewer = new ExternalReviewer(loop.codePipeline().endpoint(), "release-bot-key")) {
            reviewer.decide(pending.pipelineName(), pending.executionId(), "Approval", "Approval", true, "all checks green");
        }
        WorkflowEnd end = awaitEnd(execution);

        assertEquals("Approved", last(end.statesEntered()));
        assertEquals(bot, end.output().path("reviewer").asText());
        assertEquals("all checks green", end.output().path("comment").asText());
        JsonNode review = end.output().path("reviews").path(0);
        assertEquals("Approval", review.path("stage").asText());
        assertEquals(bot, review.path("reviewer").asText());
        assertEquals("approved", review.path("decision").asText());
    }

    @Test
    void duplicateDeliveryMakesOneDecisionAndNoError() {
        String execution = startWorkflow("approve me once");
        PendingApproval pending = awaitPending(execution);
        loop.codePipeline().approve(pending.pipelineName(), pending.executionId(), "once");
        awaitEnd(execution);
        Delivery first = awaitDelivery(pending.executionId());

        InvokeResult again = loop.redeliver(first.event());

        assertNull(again.functionError(), again.payload());
        assertEquals("already-delivered", json(again.payload()).path("outcome").asText(), again.payload());
        long decisions = loop.history(execution).stream()
                .filter(event -> event.type() == HistoryEventType.TASK_SUCCEEDED).count();
        assertEquals(1, decisions);
        assertEquals(ExecutionStatus.SUCCEEDED, loop.status(execution));
    }

    @Test
    void twentyConcurrentWorkflowsEachGetTheirOwnDecision() throws Exception {
        List<String> executions = startConcurrently(20, "request");
        List<PendingApproval> pending = executions.stream().map(ApprovalLoopIT::awaitPending).toList();
        // Each pending approval was found by its workflow's own token, so they differ by construction; what can go
        // wrong is a request starting the pipeline more than once.
        assertEquals(20, startsFor(pending.stream().map(PendingApproval::sourceVersionId).collect(Collectors.toSet())),
                "each request started exactly one pipeline execution");

        for (int i = 0; i < 20; i++) {
            if (i % 2 == 0) {
                loop.codePipeline().approve(pending.get(i).pipelineName(), pending.get(i).executionId(), "even");
            } else {
                loop.codePipeline().reject(pending.get(i).pipelineName(), pending.get(i).executionId(), "odd");
            }
        }

        for (int i = 0; i < 20; i++) {
            WorkflowEnd end = awaitEnd(executions.get(i));
            assertEquals(i % 2 == 0 ? "Approved" : "Rejected", last(end.statesEntered()), "workflow " + i);
            assertEquals(pending.get(i).executionId(), end.output().path("pipeline_execution_id").asText());
        }
    }

    @Test
    void objectWrittenTheWayTheReferenceBoto3CodeWritesItResolvesToItsToken() throws Exception {
        String execution = startWorkflow("written by Java first");
        awaitPending(execution);
        String token = loop.taskTokenOf(execution).orElseThrow();
        String seedVersion = Boto3.putObjectLikeTheReferenceArticle(loop.moto().endpoint(), BUCKET, KEY,
                "written by boto3", token);
        String seedExecution = loop.codePipeline().startExecutionFor(PIPELINE, seedVersion);

        loop.codePipeline().approve(PIPELINE, seedExecution, "approved through the boto3-written version");
        WorkflowEnd end = awaitEnd(execution);

        assertEquals("Approved", last(end.statesEntered()));
        assertEquals(seedVersion, end.output().path("s3_version_id").asText());
        assertEquals(seedExecution, end.output().path("pipeline_execution_id").asText());
    }

    @Test
    void unresolvableDecisionsFailClearlyAndLeaveTheWorkflowWaiting() {
        String execution = startWorkflow("must keep waiting");
        PendingApproval pending = awaitPending(execution);

        InvokeResult unknown = loop.redeliver(ActionEvents.approvalEvent(PIPELINE, "11111111-2222-3333-4444-555555555555",
                "SUCCEEDED"));
        assertFunctionError(unknown, "PipelineExecutionMissingException", "no such execution");

        String tokenless = loop.s3().putObject(put -> put.bucket(BUCKET).key(KEY), RequestBody.fromString("no token"))
                .versionId();
        String tokenlessExecution = loop.codePipeline().startExecutionFor(PIPELINE, tokenless);
        loop.codePipeline().approve(PIPELINE, tokenlessExecution, "approve the tokenless one");
        assertFunctionError(awaitDelivery(tokenlessExecution).result(), "TaskTokenMissingException", tokenless);

        loop.s3().deleteObject(delete -> delete.bucket(BUCKET).key(KEY).versionId(pending.sourceVersionId()));
        loop.codePipeline().approve(pending.pipelineName(), pending.executionId(), "approve after the version is gone");
        assertFunctionError(awaitDelivery(pending.executionId()).result(), "SourceVersionMissingException",
                pending.sourceVersionId());

        assertEquals(ExecutionStatus.RUNNING, loop.status(execution));
        assertTrue(loop.history(execution).stream().noneMatch(e -> e.type() == HistoryEventType.TASK_SUCCEEDED));
    }

    @Test
    void templateRuleForwardsOnlyApprovalDecisionsOfThePoolsPipelines() {
        String execution = startWorkflow("watch the events");
        PendingApproval pending = awaitPending(execution);
        loop.codePipeline().approve(pending.pipelineName(), pending.executionId(), "ok");
        awaitEnd(execution);
        assertTrue(loop.codePipeline().events().stream().anyMatch(event -> event.contains("\"state\":\"STARTED\"")),
                "the stand-in emitted STARTED events for the rule to filter");

        String otherPipeline = "ffffffff-0000-0000-0000-000000000001";
        String build = "ffffffff-0000-0000-0000-000000000002";
        String started = "ffffffff-0000-0000-0000-000000000003";
        String rejected = "ffffffff-0000-0000-0000-000000000004";
        loop.putEvent(ActionEvents.approvalEvent("another-pipeline", otherPipeline, "SUCCEEDED"));
        loop.putEvent(ActionEvents.actionEvent(PIPELINE, build, "Build", "Build", "Build", "CodeBuild", "SUCCEEDED"));
        loop.putEvent(ActionEvents.approvalEvent(PIPELINE, started, "STARTED"));
        String pipelineStarted = "ffffffff-0000-0000-0000-000000000005";
        String pipelineSucceeded = "ffffffff-0000-0000-0000-000000000006";
        String otherPipelineStopped = "ffffffff-0000-0000-0000-000000000007";
        String otherSource = "ffffffff-0000-0000-0000-000000000008";
        String stopped = "ffffffff-0000-0000-0000-000000000009";
        loop.putEvent(ActionEvents.pipelineEvent(PIPELINE, 1, pipelineStarted, "STARTED"));
        loop.putEvent(ActionEvents.pipelineEvent(PIPELINE, 1, pipelineSucceeded, "SUCCEEDED"));
        loop.putEvent(ActionEvents.pipelineEvent("another-pipeline", 1, otherPipelineStopped, "STOPPED"));
        loop.putEvent(
                ActionEvents.approvalEvent(PIPELINE, otherSource, "FAILED").replace("\"aws.codepipeline\"", "\"my.app\""));
        loop.putEvent(ActionEvents.approvalEvent(PIPELINE, rejected, "FAILED"));
        loop.putEvent(ActionEvents.pipelineEvent(PIPELINE, 1, stopped, "STOPPED"));
        // Every other pipeline of the pool is forwarded alike; the next name, a pipeline outside the pool, is not.
        Set<String> poolEndings = new java.util.HashSet<>();
        for (String pipeline : loop.pool().subList(1, POOL_SIZE)) {
            String rejectedThere = java.util.UUID.randomUUID().toString();
            String stoppedThere = java.util.UUID.randomUUID().toString();
            loop.putEvent(ActionEvents.approvalEvent(pipeline, rejectedThere, "FAILED"));
            loop.putEvent(ActionEvents.pipelineEvent(pipeline, 1, stoppedThere, "STOPPED"));
            poolEndings.addAll(List.of(rejectedThere, stoppedThere));
        }
        String outsidePool = PIPELINE + "-" + (POOL_SIZE + 1);
        String outsideRejected = "ffffffff-0000-0000-0000-00000000000a";
        String outsideStopped = "ffffffff-0000-0000-0000-00000000000b";
        loop.putEvent(ActionEvents.approvalEvent(outsidePool, outsideRejected, "FAILED"));
        loop.putEvent(ActionEvents.pipelineEvent(outsidePool, 1, outsideStopped, "STOPPED"));
        awaitDelivery(rejected);
        awaitDelivery(stopped);
        poolEndings.forEach(ApprovalLoopIT::awaitDelivery);

        loop.awaitForwarded();

        for (Delivery delivery : loop.deliveries()) {
            JsonNode event = json(delivery.event());
            JsonNode detail = event.path("detail");
            assertTrue(loop.pool().contains(detail.path("pipeline").asText()), delivery::event);
            assertEquals("aws.codepipeline", event.path("source").asText(), delivery::event);
            if (event.path("detail-type").asText().equals(ActionEvents.DETAIL_TYPE)) {
                assertEquals("Approval", detail.path("type").path("category").asText(), delivery::event);
                assertTrue(Set.of("SUCCEEDED", "FAILED", "ABANDONED", "CANCELED").contains(detail.path("state").asText()),
                        delivery::event);
            } else {
                assertEquals(ActionEvents.PIPELINE_DETAIL_TYPE, event.path("detail-type").asText(), delivery::event);
                assertTrue(Set.of("FAILED", "STOPPED", "SUPERSEDED", "CANCELED").contains(detail.path("state").asText()),
                        delivery::event);
            }
        }
        Set<String> putHere = new java.util.HashSet<>(Set.of(otherPipeline, build, started, rejected,
                pending.executionId(), pipelineStarted, pipelineSucceeded, otherPipelineStopped, otherSource, stopped,
                outsideRejected, outsideStopped));
        putHere.addAll(poolEndings);
        Set<String> expected = new java.util.HashSet<>(Set.of(pending.executionId(), rejected, stopped));
        expected.addAll(poolEndings);
        assertEquals(expected, loop.deliveries().stream()
                .map(delivery -> json(delivery.event()).path("detail").path("execution-id").asText())
                .filter(putHere::contains).collect(Collectors.toSet()),
                "the rules forward exactly the pool pipelines' approval and execution endings");
    }

    /**
     * The sweep looks at every execution of the window, including those another test broke on purpose (a deleted
     * version, an object without a token), which make it fail loudly; a sweep test starts from an empty pipeline.
     */
    private static void forgetEarlierExecutions() {
        loop.codePipeline().reset();
    }

    private static JsonNode sweepReport() {
        InvokeResult result = loop.sweep();
        assertNull(result.functionError(), result.payload());
        return json(result.payload());
    }

    /** "executionId=outcome" for each execution the sweep delivered (or found closed). */
    private static List<String> outcomesOf(JsonNode report) {
        List<String> outcomes = new ArrayList<>();
        report.path("delivered").forEach(o -> outcomes.add(o.path("pipeline_execution_id").asText() + "="
                + o.path("outcome").asText()));
        return outcomes;
    }

    private static String startWorkflow(String content) {
        JsonNode input = SampleEvents.load("step-functions-input.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) input).put("confirmation_file_content", content)
                .put("s3_bucket_name", BUCKET).put("s3_bucket_key", KEY);
        return loop.startWorkflow(input.toString());
    }

    private static PendingApproval awaitPending(String execution) {
        return await().atMost(LocalApprovalLoop.patience())
                .until(() -> loop.pendingApprovalOf(execution), java.util.Optional::isPresent).orElseThrow();
    }

    private static WorkflowEnd awaitEnd(String execution) {
        return await().atMost(LocalApprovalLoop.patience())
                .until(() -> loop.end(execution), java.util.Optional::isPresent).orElseThrow();
    }

    private static Delivery awaitDelivery(String pipelineExecution) {
        return await().atMost(LocalApprovalLoop.patience()).until(() -> deliveryOrNull(pipelineExecution),
                delivery -> delivery != null);
    }

    private static Delivery deliveryOrNull(String pipelineExecution) {
        return loop.deliveries().stream()
                .filter(d -> json(d.event()).path("detail").path("execution-id").asText().equals(pipelineExecution))
                .findFirst().orElse(null);
    }

    private static void assertFunctionError(InvokeResult result, String errorType, String messagePart) {
        assertEquals("Unhandled", result.functionError(), result.payload());
        JsonNode error = json(result.payload());
        assertTrue(error.path("errorType").asText().endsWith(errorType), result.payload());
        assertTrue(error.path("errorMessage").asText().contains(messagePart), result.payload());
    }

    /** How many StartPipelineExecution calls the stand-in received for these source versions. */
    private static long startsFor(Set<String> versions) {
        return loop.codePipeline().calls("StartPipelineExecution").stream()
                .filter(call -> versions.contains(call.request().path("sourceRevisions").path(0).path("revisionValue")
                        .asText()))
                .count();
    }

    private static String last(List<String> states) {
        return states.getLast();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }
}
