package io.github.approvalgate.testing.codepipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.infra.InfraTemplate;
import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.ApprovalAlreadyCompletedException;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.ConcurrentPipelineExecutionsLimitExceededException;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.InvalidApprovalTokenException;
import software.amazon.awssdk.services.codepipeline.model.InvalidNextTokenException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotStoppableException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineVersionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.SourceRevisionType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;

@Tag("harness")
class CodePipelineStandInTest {

    private static final String PIPELINE = "approval-gate";
    private static final String BUCKET = "approval-source";
    private static final String KEY = "approval-request.json";
    private static final String SUPERSEDED_PIPELINE = "superseded-mode";

    private static CodePipelineStandIn standIn;
    private static CodePipelineClient codePipeline;

    @BeforeAll
    static void start() {
        standIn = new CodePipelineStandIn();
        standIn.definePipeline(TemplatePipeline.definition(PIPELINE, BUCKET, KEY));
        standIn.definePipeline(TemplatePipeline.definition("other-pipeline", "other-bucket", "other.json"));
        standIn.definePipeline(TemplatePipeline.definition(SUPERSEDED_PIPELINE, BUCKET, KEY).withExecutionMode("SUPERSEDED"));
        codePipeline = LocalAwsClients.codePipeline(standIn.endpoint());
    }

    @AfterAll
    static void stop() {
        codePipeline.close();
        standIn.close();
    }

    @BeforeEach
    void forgetExecutions() {
        standIn.reset();
    }

    @Test
    void startedExecutionCarriesTheS3VersionAndWaitsAtTheApproval() {
        String executionId = start("version-1");

        PipelineExecution execution = codePipeline
                .getPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(executionId)).pipelineExecution();

        assertEquals(PipelineExecutionStatus.IN_PROGRESS, execution.status());
        assertEquals(1, execution.pipelineVersion());
        assertEquals("SourceArtifact", execution.artifactRevisions().getFirst().name());
        assertEquals("version-1", execution.artifactRevisions().getFirst().revisionId());
        assertNotNull(execution.artifactRevisions().getFirst().created());
        assertEquals(ExecutionMode.PARALLEL, execution.executionMode());
        assertEquals("StartPipelineExecution", execution.trigger().triggerTypeAsString());
        JsonNode request = standIn.calls("StartPipelineExecution").getFirst().request();
        assertEquals("version-1", request.at("/sourceRevisions/0/revisionValue").asText());
        PendingApproval pending = standIn.pendingApprovals().getFirst();
        assertEquals(List.of(new PendingApproval(PIPELINE, executionId, "version-1", "Approval", "Approval",
                pendingToken(executionId), pending.since(), pending.resolvedConfiguration())), standIn.pendingApprovals());
    }

    @Test
    void getPipelineDescribesTheS3SourceAndTheManualApproval() {
        var response = codePipeline.getPipeline(b -> b.name(PIPELINE));

        StageDeclaration source = response.pipeline().stages().getFirst();
        assertEquals("Source", source.name());
        assertEquals("S3", source.actions().getFirst().actionTypeId().provider());
        assertEquals(BUCKET, source.actions().getFirst().configuration().get("S3Bucket"));
        assertEquals(KEY, source.actions().getFirst().configuration().get("S3ObjectKey"));
        assertEquals("false", source.actions().getFirst().configuration().get("PollForSourceChanges"));
        assertEquals("Manual", response.pipeline().stages().get(1).actions().getFirst().actionTypeId().provider());
        assertEquals(List.of("Source", "Approval", "Deploy"),
                response.pipeline().stages().stream().map(StageDeclaration::name).toList());
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:approval-gate", response.metadata().pipelineArn());
        assertEquals(ExecutionMode.PARALLEL, response.pipeline().executionMode());
        assertThrows(PipelineVersionNotFoundException.class, () -> codePipeline.getPipeline(b -> b.name(PIPELINE).version(7)));
    }

    @Test
    void putApprovalResultFailsTheGivenNumberOfTimesWithTheGivenErrorThenWorks() {
        String executionId = start("version-throttled");
        String token = approvalRow(executionId).output().executionResult().externalExecutionId();
        standIn.failNext("PutApprovalResult", "ThrottlingException", "Rate exceeded", 5);
        standIn.forgetCalls();

        // The SDK's default client makes 4 attempts per call (legacy retry mode): all throttled, then 1 more failure
        // and 3 retries, the last of which is accepted.
        AwsServiceException error = assertThrows(AwsServiceException.class, () -> reject(token));
        assertEquals("ThrottlingException", error.awsErrorDetails().errorCode());
        assertTrue(error.isThrottlingException(), "the SDK reads it as throttling");
        assertEquals(4, standIn.calls("PutApprovalResult").size());
        reject(token);

        assertEquals(6, standIn.calls("PutApprovalResult").size(), "5 failures, then the accepted one");
        assertTrue(standIn.pendingApprovals().stream().noneMatch(p -> p.executionId().equals(executionId)));
    }

    private static void reject(String token) {
        codePipeline.putApprovalResult(b -> b.pipelineName(PIPELINE).stageName("Approval").actionName("Approval")
                .token(token).result(r -> r.status(ApprovalStatus.REJECTED).summary("no")));
    }

    @Test
    void approvingWithTheTokenFromListActionExecutionsEmitsSucceededOnce() throws Exception {
        String executionId = start("version-2");
        List<String> delivered = new CopyOnWriteArrayList<>();
        standIn.onEvent(delivered::add);

        ActionExecutionDetail approvalRow = approvalRow(executionId);
        assertEquals(ActionExecutionStatus.IN_PROGRESS, approvalRow.status());
        String token = approvalRow.output().executionResult().externalExecutionId();
        assertEquals(pendingToken(executionId), token);

        codePipeline.putApprovalResult(b -> b.pipelineName(PIPELINE).stageName("Approval").actionName("Approval").token(token)
                .result(r -> r.status(ApprovalStatus.APPROVED).summary("Looks good")));

        JsonNode event = AwsJson11Server.JSON.readTree(lastApprovalEvent());
        assertEquals("0", event.get("version").asText());
        assertEquals("CodePipeline Action Execution State Change", event.get("detail-type").asText());
        assertEquals("aws.codepipeline", event.get("source").asText());
        assertEquals("123456789012", event.get("account").asText());
        assertEquals("us-east-1", event.get("region").asText());
        assertTrue(event.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:approval-gate", event.at("/resources/0").asText());
        JsonNode detail = event.get("detail");
        assertEquals(PIPELINE, detail.get("pipeline").asText());
        assertEquals(executionId, detail.get("execution-id").asText());
        assertEquals("Approval", detail.get("stage").asText());
        assertEquals("Approval", detail.get("action").asText());
        assertEquals("SUCCEEDED", detail.get("state").asText());
        assertEquals("Approval", detail.at("/type/category").asText());
        assertEquals("Manual", detail.at("/type/provider").asText());
        assertTrue(detail.get("version").isNumber());
        assertEquals("Looks good", detail.at("/execution-result/external-execution-summary").asText());
        assertEquals(token, detail.at("/execution-result/external-execution-id").asText());

        ActionExecutionDetail decided = approvalRow(executionId);
        assertEquals(ActionExecutionStatus.SUCCEEDED, decided.status());
        assertEquals(CodePipelineStandIn.DEFAULT_APPROVER, decided.updatedBy());
        assertEquals("Looks good", decided.output().executionResult().externalExecutionSummary());
        assertEquals(PipelineExecutionStatus.SUCCEEDED, status(executionId));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered.contains(lastApprovalEvent()));

        assertThrows(ApprovalAlreadyCompletedException.class, () -> codePipeline.putApprovalResult(b -> b.pipelineName(PIPELINE)
                .stageName("Approval").actionName("Approval").token(token)
                .result(r -> r.status(ApprovalStatus.REJECTED).summary("too late"))));
    }

    @Test
    void rejectingEmitsFailedWithTheSummaryAndFailsTheExecution() throws Exception {
        String executionId = start("version-3");

        standIn.reject(PIPELINE, executionId, "Not this time");

        JsonNode detail = AwsJson11Server.JSON.readTree(lastApprovalEvent()).get("detail");
        assertEquals("FAILED", detail.get("state").asText());
        assertEquals("Not this time", detail.at("/execution-result/external-execution-summary").asText());
        assertEquals(PipelineExecutionStatus.FAILED, status(executionId));
        assertTrue(standIn.calls("PutApprovalResult").isEmpty(), "Java API decisions are not recorded as calls");
    }

    @Test
    void expiredApprovalFailsWithoutAnApproverAndRejectsItsToken() throws Exception {
        String executionId = start("version-4");
        String token = pendingToken(executionId);

        standIn.expire(PIPELINE, executionId);

        JsonNode detail = AwsJson11Server.JSON.readTree(lastApprovalEvent()).get("detail");
        assertEquals("FAILED", detail.get("state").asText());
        ActionExecutionDetail row = approvalRow(executionId);
        assertEquals(ActionExecutionStatus.FAILED, row.status());
        assertEquals(null, row.updatedBy());
        assertTrue(standIn.pendingApprovals().isEmpty());
        assertThrows(InvalidApprovalTokenException.class, () -> codePipeline.putApprovalResult(b -> b.pipelineName(PIPELINE)
                .stageName("Approval").actionName("Approval").token(token)
                .result(r -> r.status(ApprovalStatus.APPROVED).summary("late"))));
    }

    @Test
    void errorsArriveAsTheSdksTypedExceptions() {
        String executionId = start("version-5");

        assertThrows(PipelineExecutionNotFoundException.class,
                () -> codePipeline.getPipelineExecution(
                        b -> b.pipelineName(PIPELINE).pipelineExecutionId("8d1f3b5e-0000-4000-8000-000000000000")));
        assertThrows(PipelineExecutionNotFoundException.class,
                () -> codePipeline
                        .getPipelineExecution(b -> b.pipelineName("other-pipeline").pipelineExecutionId(executionId)));
        assertThrows(PipelineNotFoundException.class,
                () -> codePipeline.startPipelineExecution(b -> b.name("no-such-pipeline")));
        assertThrows(PipelineNotFoundException.class, () -> codePipeline.getPipeline(b -> b.name("no-such-pipeline")));
        assertThrows(ValidationException.class, () -> codePipeline.startPipelineExecution(b -> b.name(PIPELINE)
                .sourceRevisions(
                        r -> r.actionName("Build").revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID).revisionValue("v"))));
        assertThrows(ValidationException.class, () -> codePipeline.startPipelineExecution(b -> b.name(PIPELINE)
                .sourceRevisions(r -> r.actionName("Source").revisionType(SourceRevisionType.COMMIT_ID).revisionValue("v"))));
        assertThrows(InvalidApprovalTokenException.class, () -> codePipeline.putApprovalResult(b -> b.pipelineName(PIPELINE)
                .stageName("Approval").actionName("Approval").token("00000000-0000-4000-8000-000000000000")
                .result(r -> r.status(ApprovalStatus.APPROVED).summary("ok"))));
        assertThrows(ValidationException.class, () -> codePipeline.putApprovalResult(b -> b.pipelineName(PIPELINE)
                .stageName("Approval").actionName("Approval").token(pendingToken(executionId))
                .result(r -> r.status(ApprovalStatus.APPROVED).summary("x".repeat(513)))));
        assertEquals(PipelineExecutionStatus.IN_PROGRESS, status(executionId), "failed calls change nothing");
    }

    @Test
    void pipelineTakesItsExecutionModeFromTheTemplate() {
        assertEquals(ExecutionMode.fromValue(InfraTemplate.load().resource("ApprovalPipeline")
                .path("Properties").path("ExecutionMode").asText()),
                codePipeline.getPipeline(b -> b.name(PIPELINE)).pipeline().executionMode());
    }

    @Test
    void supersededModeReplacesTheExecutionWaitingInFrontOfALockedApproval() {
        String first = codePipeline.startPipelineExecution(b -> b.name(SUPERSEDED_PIPELINE)).pipelineExecutionId();
        String second = codePipeline.startPipelineExecution(b -> b.name(SUPERSEDED_PIPELINE)).pipelineExecutionId();
        String third = codePipeline.startPipelineExecution(b -> b.name(SUPERSEDED_PIPELINE)).pipelineExecutionId();

        assertEquals(List.of(first), standIn.pendingApprovals().stream().map(PendingApproval::executionId).toList());
        assertEquals(PipelineExecutionStatus.SUPERSEDED, codePipeline.getPipelineExecution(b -> b
                .pipelineName(SUPERSEDED_PIPELINE).pipelineExecutionId(second)).pipelineExecution().status());
        assertTrue(standIn.events().stream().anyMatch(e -> e.contains(second) && e.contains("\"SUPERSEDED\"")));

        standIn.approve(SUPERSEDED_PIPELINE, first, "ok");
        assertEquals(List.of(third), standIn.pendingApprovals().stream().map(PendingApproval::executionId).toList(),
                "the newest waiting execution enters the unlocked stage");
    }

    @Test
    void listingsComeNewestFirstInPagesOfMaxResults() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(start("page-" + i));
        }

        List<String> listed = new ArrayList<>();
        codePipeline.listPipelineExecutionsPaginator(b -> b.pipelineName(PIPELINE).maxResults(2))
                .pipelineExecutionSummaries().forEach(summary -> listed.add(summary.pipelineExecutionId()));
        assertEquals(started.reversed(), listed);
        assertEquals(3, standIn.calls("ListPipelineExecutions").size(), "5 executions in pages of 2");

        List<String> rows = new ArrayList<>();
        codePipeline.listActionExecutionsPaginator(b -> b.pipelineName(PIPELINE).maxResults(3)
                .filter(f -> f.pipelineExecutionId(started.getFirst())))
                .actionExecutionDetails().forEach(row -> rows.add(row.stageName() + ":" + row.status()));
        assertEquals(List.of("Approval:InProgress", "Source:Succeeded"), rows, "newest first");
        var source = codePipeline.listActionExecutions(b -> b.pipelineName(PIPELINE)
                .filter(f -> f.pipelineExecutionId(started.getFirst()))).actionExecutionDetails().getLast();
        assertEquals("page-0", source.output().outputVariables().get("VersionId"));
        assertEquals(BUCKET, source.input().configuration().get("S3Bucket"));
        assertThrows(InvalidNextTokenException.class, () -> codePipeline.listPipelineExecutions(b -> b
                .pipelineName(PIPELINE).nextToken("not-a-token")));
    }

    @Test
    void stopWithAbandonEndsTheWaitingApprovalAndTheExecution() {
        String executionId = start("version-stop");

        standIn.stopExecution(PIPELINE, executionId, true, "not needed");

        assertEquals(PipelineExecutionStatus.STOPPED, status(executionId));
        var approval = codePipeline.listActionExecutions(b -> b.pipelineName(PIPELINE)
                .filter(f -> f.pipelineExecutionId(executionId))).actionExecutionDetails().getFirst();
        assertEquals("Abandoned", approval.statusAsString());
        assertThrows(PipelineExecutionNotStoppableException.class, () -> codePipeline.stopPipelineExecution(b -> b
                .pipelineName(PIPELINE).pipelineExecutionId(executionId)));
        assertTrue(standIn.events().stream().anyMatch(e -> e.contains(executionId) && e.contains("\"ABANDONED\"")));
    }

    @Test
    void lostAnswersStillStartTheExecutionAndTheSameClientTokenReturnsIt() {
        // More than the SDK's attempts (each with the same clientRequestToken) and its HTTP client's own retries.
        standIn.loseNextAnswers("StartPipelineExecution", 100);
        assertThrows(SdkClientException.class, () -> startWithToken("request-1", "version-lost"));
        int calls = standIn.calls("StartPipelineExecution").size();
        assertTrue(calls >= 3, "the SDK retried: " + calls);
        assertEquals(1, standIn.pendingApprovals().size(), "the calls took effect once");
        String started = standIn.pendingApprovals().getFirst().executionId();
        standIn.loseNextAnswers("StartPipelineExecution", 0);

        assertEquals(started, startWithToken("request-1", "version-lost"), "same token, same execution");
        assertEquals(1, standIn.pendingApprovals().size());

        standIn.loseNextAnswers("StartPipelineExecution", 1);
        String second = startWithToken("request-2", "version-2");
        assertEquals(2, standIn.pendingApprovals().size(), "one lost answer: the SDK's retry got the same execution");
        assertEquals(second, standIn.pendingApprovals().getLast().executionId());
    }

    @Test
    void failNextTimesFailsThatManyCalls() {
        standIn.failNext("StartPipelineExecution", "ThrottlingException", "Rate exceeded", 10);

        assertThrows(software.amazon.awssdk.services.codepipeline.model.CodePipelineException.class,
                () -> start("version-throttled"));

        assertTrue(standIn.calls("StartPipelineExecution").size() > 1, "the SDK retries throttling");
        assertTrue(standIn.pendingApprovals().isEmpty());
    }

    @Test
    void concurrencyLimitRefusesStartsUntilAnExecutionEnds() {
        standIn.concurrencyLimit(1);
        String first = start("version-a");

        assertThrows(ConcurrentPipelineExecutionsLimitExceededException.class, () -> start("version-b"));
        standIn.approve(PIPELINE, first, "done");
        start("version-b");
    }

    @Test
    void approvalActionsShowTheExecutionsVariablesOrTheTemplatesDefaults() {
        String withContext = codePipeline.startPipelineExecution(b -> b.name(PIPELINE)
                .variables(v -> v.name("approval_summary").value("Release 42 to production"),
                        v -> v.name("review_url").value("https://review.example.com/42")))
                .pipelineExecutionId();
        String withDefaults = codePipeline.startPipelineExecution(b -> b.name(PIPELINE)).pipelineExecutionId();

        Map<String, String> shown = standIn.pendingApprovals().stream()
                .filter(p -> p.executionId().equals(withContext)).findFirst().orElseThrow().resolvedConfiguration();
        assertEquals("Release 42 to production", shown.get("CustomData"));
        assertEquals("https://review.example.com/42", shown.get("ExternalEntityLink"));
        var row = codePipeline.listActionExecutions(b -> b.pipelineName(PIPELINE)
                .filter(f -> f.pipelineExecutionId(withContext))).actionExecutionDetails().getFirst();
        assertEquals("#{variables.approval_summary}", row.input().configuration().get("CustomData"));
        assertEquals("Release 42 to production", row.input().resolvedConfiguration().get("CustomData"));

        JsonNode parameters = InfraTemplate.load().declared().path("Parameters");
        Map<String, String> defaults = standIn.pendingApprovals().stream()
                .filter(p -> p.executionId().equals(withDefaults)).findFirst().orElseThrow().resolvedConfiguration();
        assertEquals(parameters.path("CodePipelineConfirmationCustomData").path("Default").asText(),
                defaults.get("CustomData"));
        assertEquals(parameters.path("CodePipelineConfirmationUrl").path("Default").asText(),
                defaults.get("ExternalEntityLink"));
    }

    @Test
    void aiThenHumanRunsBothApprovalStagesInOrderAndTheTokenBelongsToOneAction() {
        standIn.definePipeline(
                TemplatePipeline.definition("two-stage", BUCKET, KEY, ReviewMode.AI_THEN_HUMAN).withExecutionMode("PARALLEL"));
        String executionId = codePipeline.startPipelineExecution(b -> b.name("two-stage")).pipelineExecutionId();
        PendingApproval ai = standIn.pendingApprovals().getFirst();
        assertEquals("AiReview/AiReview", ai.stage() + "/" + ai.action());
        assertThrows(InvalidApprovalTokenException.class, () -> codePipeline.putApprovalResult(b -> b
                .pipelineName("two-stage").stageName("Approval").actionName("Approval").token(ai.token())
                .result(r -> r.status(ApprovalStatus.APPROVED).summary("wrong action"))));

        codePipeline.putApprovalResult(b -> b.pipelineName("two-stage").stageName("AiReview").actionName("AiReview")
                .token(ai.token()).result(r -> r.status(ApprovalStatus.APPROVED).summary("looks fine")));

        PendingApproval human = standIn.pendingApprovals().getFirst();
        assertEquals("Approval/Approval", human.stage() + "/" + human.action());
        assertEquals(PipelineExecutionStatus.IN_PROGRESS, codePipeline.getPipelineExecution(b -> b.pipelineName("two-stage")
                .pipelineExecutionId(executionId)).pipelineExecution().status());
        standIn.approve("two-stage", executionId, "Approval", "Approval", "agreed");
        assertEquals(PipelineExecutionStatus.SUCCEEDED, codePipeline.getPipelineExecution(b -> b.pipelineName("two-stage")
                .pipelineExecutionId(executionId)).pipelineExecution().status());
        assertEquals(List.of("AiReview", "Approval"), standIn.events().stream()
                .filter(e -> e.contains(executionId) && e.contains("\"state\":\"STARTED\"")
                        && e.contains("\"category\":\"Approval\""))
                .map(e -> e.contains("\"stage\":\"AiReview\"") ? "AiReview" : "Approval").toList(),
                "a STARTED event per approval action, in order");
    }

    @Test
    void undeclaredVariablesAreRefused() {
        assertThrows(ValidationException.class, () -> codePipeline.startPipelineExecution(b -> b.name(PIPELINE)
                .variables(v -> v.name("not_declared").value("x"))));
    }

    @Test
    void twentyConcurrentWorkflowsEachGetTheirOwnApproval() throws Exception {
        List<Callable<String>> workflows = IntStream.range(0, 20)
                .<Callable<String>> mapToObj(i -> () -> {
                    String executionId = start("concurrent-" + i);
                    String token = approvalRow(executionId).output().executionResult().externalExecutionId();
                    codePipeline.putApprovalResult(
                            b -> b.pipelineName(PIPELINE).stageName("Approval").actionName("Approval").token(token)
                                    .result(r -> r.status(ApprovalStatus.APPROVED).summary("ok " + i)));
                    return codePipeline.getPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(executionId))
                            .pipelineExecution().artifactRevisions().getFirst().revisionId();
                }).toList();

        List<String> revisions;
        try (var pool = Executors.newFixedThreadPool(20)) {
            revisions = pool.invokeAll(workflows).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }

        assertEquals(IntStream.range(0, 20).mapToObj(i -> "concurrent-" + i).toList(), revisions);
        assertTrue(standIn.pendingApprovals().isEmpty());
        assertEquals(20, standIn.events().stream()
                .filter(e -> e.contains("\"category\":\"Approval\"") && e.contains("\"SUCCEEDED\"")).count());
    }

    @Test
    void craftedEventsCanNameOtherPipelinesCategoriesAndStates() throws Exception {
        JsonNode build = AwsJson11Server.JSON.readTree(
                ActionEvents.actionEvent("other-pipeline", "exec-1", "Build", "Compile", "Build", "CodeBuild", "STARTED"));
        JsonNode approval = AwsJson11Server.JSON.readTree(ActionEvents.approvalEvent("other-pipeline", "exec-2", "FAILED"));

        assertEquals("Build", build.at("/detail/type/category").asText());
        assertEquals("STARTED", build.at("/detail/state").asText());
        assertEquals("arn:aws:codepipeline:us-east-1:123456789012:other-pipeline", build.at("/resources/0").asText());
        assertEquals("Approval", approval.at("/detail/type/category").asText());
        assertFalse(approval.get("detail").has("execution-result"));
    }

    private String startWithToken(String clientRequestToken, String s3VersionId) {
        return codePipeline.startPipelineExecution(b -> b.name(PIPELINE).clientRequestToken(clientRequestToken)
                .sourceRevisions(r -> r.actionName("Source").revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID)
                        .revisionValue(s3VersionId)))
                .pipelineExecutionId();
    }

    private String start(String s3VersionId) {
        return codePipeline.startPipelineExecution(b -> b.name(PIPELINE)
                .sourceRevisions(r -> r.actionName("Source").revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID)
                        .revisionValue(s3VersionId)))
                .pipelineExecutionId();
    }

    private ActionExecutionDetail approvalRow(String executionId) {
        return codePipeline.listActionExecutions(b -> b.pipelineName(PIPELINE).filter(f -> f.pipelineExecutionId(executionId)))
                .actionExecutionDetails().stream()
                .filter(d -> d.actionName().equals("Approval"))
                .findFirst().orElseThrow();
    }

    private PipelineExecutionStatus status(String executionId) {
        return codePipeline.getPipelineExecution(b -> b.pipelineName(PIPELINE).pipelineExecutionId(executionId))
                .pipelineExecution().status();
    }

    private static String pendingToken(String executionId) {
        return standIn.pendingApprovals().stream().filter(p -> p.executionId().equals(executionId)).findFirst().orElseThrow()
                .token();
    }

    private static String lastApprovalEvent() {
        return standIn.events().stream().filter(e -> e.contains("\"category\":\"Approval\"")).reduce((a, b) -> b).orElseThrow();
    }
}
