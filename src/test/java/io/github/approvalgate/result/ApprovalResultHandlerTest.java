package io.github.approvalgate.result;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.RecordedMetrics;
import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.ControlledClock;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.ActionEvents;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.logs.JsonLogLines;
import io.github.approvalgate.testing.logs.NoTokenInLogs;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.token.TaskTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * approval-result through Quarkus's mock Lambda event server. Each test has a genuine Step Functions task waiting in
 * moto, a request stored by the real start-approval service, and events emitted by the CodePipeline stand-in.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalResult.class)
@WithTestResource(LocalAwsTestResource.class)
class ApprovalResultHandlerTest {

    private static WaitingTasks tasks;
    private static S3Client s3;

    @Inject
    StartApprovalService startApproval;

    @BeforeAll
    static void connect() {
        tasks = WaitingTasks.shared(LocalAwsTestResource.moto());
        s3 = LocalAwsClients.s3(LocalAwsTestResource.moto().endpoint());
    }

    @AfterAll
    static void disconnect() {
        s3.close();
    }

    @BeforeEach
    void forgetCalls() {
        standIn().reset();
    }

    @Test
    void approvalSucceedsTheWaitingTaskWithTheDecision() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        standIn().approve(PIPELINE, execution, "Ship it");
        post(emitted(execution, "SUCCEEDED"))
                .body("outcome", equalTo("delivered"))
                .body("is_approved", equalTo(true))
                .body("pipeline_execution_id", equalTo(execution));

        JsonNode output = tasks.output(task);
        assertEquals(ExecutionStatus.SUCCEEDED, tasks.status(task));
        assertTrue(output.path("is_approved").asBoolean(false), output.toString());
        assertEquals(execution, output.path("pipeline_execution_id").asText());
        assertEquals("Approval", output.path("stage").asText());
        assertEquals(CodePipelineStandIn.DEFAULT_APPROVER, output.path("reviewer").asText());
        assertEquals("Ship it", output.path("comment").asText());
    }

    @Test
    void aDeliveryLogsOneJsonLineWithItsFieldsAndCountsTheDecisionAndTheWait() throws Exception {
        RecordedMetrics metrics = RecordedMetrics.install();
        WaitingTask task = tasks.start();
        var started = startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p/>"));
        String execution = started.pipelineExecutionId();
        standIn().approve(PIPELINE, execution, "fields");
        String event = emitted(execution, "SUCCEEDED");

        ControlledClock.INSTANCE.advance(Duration.ofHours(2)); // the approver took two hours
        try {
            post(event).body("outcome", equalTo("delivered"));
        } finally {
            ControlledClock.INSTANCE.reset();
        }

        String version = started.s3VersionId();
        JsonNode line = JsonLogLines.line("decision delivered", Map.of(LogField.EXECUTION_ID, execution));
        JsonLogLines.assertFields(line, Map.of(LogField.PIPELINE, PIPELINE, LogField.STAGE, "Approval",
                LogField.ACTION, "Approval", LogField.DECISION, "approved", LogField.OUTCOME, "delivered",
                LogField.S3_VERSION_ID, version, LogField.TASK, TaskTokens.fingerprint(task.token()),
                LogField.DELIVERED_BY, "event", LogField.EVENT_ID, new ObjectMapper().readTree(event).path("id")
                        .asText()));
        assertFalse(line.path("mdc").path(LogField.AWS_REQUEST_ID.key()).asText("").isBlank(), line::toString);
        assertFalse(line.toString().contains(task.token()));

        List<JsonNode> decisions = metrics.of(Metric.DECISIONS);
        assertEquals(1, decisions.size(), metrics.documents()::toString);
        RecordedMetrics.assertDefines(Metric.DECISIONS, decisions.getFirst());
        assertEquals(PIPELINE, decisions.getFirst().path("Pipeline").asText());
        assertEquals("approved", decisions.getFirst().path("Decision").asText());
        assertEquals(1, decisions.getFirst().path("Decisions").asInt());
        assertEquals(List.of(), metrics.of(Metric.SWEEP_DELIVERIES), "an event delivered it, not the sweep");
        List<JsonNode> waits = metrics.of(Metric.TIME_TO_DECISION);
        assertEquals(1, waits.size(), metrics.documents()::toString);
        RecordedMetrics.assertDefines(Metric.TIME_TO_DECISION, waits.getFirst());
        assertEquals("approved", waits.getFirst().path("Decision").asText());
        long waited = waits.getFirst().path("TimeToDecision").asLong();
        // S3's Last-Modified has whole seconds: the request is up to a second older than it was.
        assertTrue(waited >= Duration.ofHours(2).toMillis() && waited < Duration.ofHours(2).plusMinutes(1).toMillis(),
                () -> waited + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Freigabe prüfen", "承認を待つ" })
    void aRequestFromANonAsciiStateIsDeliveredLikeAnyOther(String state) throws Exception {
        WaitingTask task = tasks.start();
        String execution = startApproval.start(new ApprovalRequest(task.token(), state, BUCKET, KEY, "text/html",
                "<p>doc</p>")).pipelineExecutionId();

        standIn().approve(PIPELINE, execution, "ok");
        post(emitted(execution, "SUCCEEDED")).body("outcome", equalTo("delivered"));

        assertTrue(tasks.output(task).path("is_approved").asBoolean(false));
    }

    @Test
    void oneApprovalEventCostsFourAwsCallsAndTheDeliveryTag() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().approve(PIPELINE, execution, "counted");
        String event = emitted(execution, "SUCCEEDED");
        standIn().forgetCalls();
        long motoBefore = motoRequests().size();

        post(event).body("outcome", equalTo("delivered"));

        List<String> motoCalls = motoRequests().subList((int) motoBefore, motoRequests().size());
        // GetPipelineExecution: the approval actions this execution was started with decide which approval is final.
        assertEquals(List.of("ListActionExecutions", "GetPipelineExecution"), standIn().calls().stream()
                .map(c -> c.operation()).toList());
        assertEquals(3, motoCalls.size(), motoCalls::toString);
        assertTrue(motoCalls.get(0).contains("\"HEAD /" + BUCKET + "/"), motoCalls::toString);
        assertTrue(motoCalls.get(1).contains("\"POST / "), "SendTaskSuccess: " + motoCalls);
        assertTrue(motoCalls.get(2).contains("tagging"), motoCalls::toString);
        assertEquals(ExecutionStatus.SUCCEEDED, tasks.status(task));
    }

    @Test
    void stoppedExecutionIsDeliveredAsStoppedFromThePipelineEvent() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        standIn().stopExecution(PIPELINE, execution, true, "wrong document");
        post(emittedPipeline(execution, "STOPPED"))
                .body("outcome", equalTo("delivered"))
                .body("decision", equalTo("stopped"))
                .body("is_approved", equalTo(false));

        JsonNode output = tasks.output(task);
        assertFalse(output.path("is_approved").asBoolean(true), output.toString());
        assertEquals("stopped", output.path("decision").asText());
        assertEquals("wrong document", output.path("reason").asText());
        assertEquals("ABANDONED", output.path("action_state").asText());
        assertTrue(output.path("comment").isMissingNode(), output.toString());
        assertEquals(1, standIn().calls("GetPipelineExecution").size(), "the execution's status names the stop");
    }

    @Test
    void abandonedApprovalEventAndPipelineEventDeriveTheSameDecision() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().stopExecution(PIPELINE, execution, true, "stop");

        post(emitted(execution, "ABANDONED")).body("outcome", equalTo("delivered")).body("decision", equalTo("stopped"));
        post(emittedPipeline(execution, "STOPPED")).body("outcome", equalTo("already-delivered"))
                .body("decision", equalTo("stopped"));
    }

    @Test
    void approvalCancelledByAPipelineUpdateIsDeliveredAsCancelled() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        // A pipeline update cancels the waiting approval: its run reads Abandoned, its event says CANCELED.
        standIn().stopExecution(PIPELINE, execution, true, "pipeline structure updated");

        post(approvalEvent(execution, "CANCELED"))
                .body("outcome", equalTo("delivered"))
                .body("decision", equalTo("cancelled"))
                .body("is_approved", equalTo(false));

        assertEquals("cancelled", tasks.output(task).path("decision").asText());
    }

    @Test
    void executionFailingAtSourceIsDeliveredAsFailedWithTheSourceError() throws Exception {
        WaitingTask task = tasks.start();
        standIn().failNextSource("Insufficient permissions: the object version could not be read");
        String execution = requestApproval(task);

        post(emittedPipeline(execution, "FAILED"))
                .body("outcome", equalTo("delivered"))
                .body("decision", equalTo("failed"));

        JsonNode output = tasks.output(task);
        assertFalse(output.path("is_approved").asBoolean(true));
        assertEquals("failed", output.path("decision").asText());
        assertEquals("Insufficient permissions: the object version could not be read", output.path("reason").asText());
        assertTrue(output.path("stage").isMissingNode(), "no approval ran: " + output);
        assertEquals(1, standIn().calls("GetPipelineExecution").size(), "the version comes from the pipeline variable");
    }

    @Test
    void executionNotStartedByStartApprovalIsIgnoredNotAnError() throws Exception {
        // Like the execution CodePipeline runs when it creates the pipeline: no variable, and Source fails.
        standIn().failNextSource("The object does not exist");
        String execution = standIn().startExecutionFor(PIPELINE, "no-such-version");
        int motoBefore = motoRequests().size();

        post(emittedPipeline(execution, "FAILED"))
                .body("outcome", equalTo("ignored"))
                .body("reason", containsString("start-approval did not start this execution"));

        assertEquals(motoBefore, motoRequests().size(), "no S3 or Step Functions call");
    }

    @Test
    void pipelineEventWhileTheApprovalStillWaitsSendsNothing() {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        post(pipelineEvent(execution, "FAILED"))
                .body("outcome", equalTo("pending"));

        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    @ParameterizedTest
    @ValueSource(strings = { "CodePipeline Stage Execution State Change", "Scheduled Event" })
    void otherDetailTypesAreIgnoredWithoutAnyAwsCall(String detailType) throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().stopExecution(PIPELINE, execution, true, "stopped");
        standIn().forgetCalls();
        int motoBefore = motoRequests().size();

        post(pipelineEvent(execution, "STOPPED").replace(ActionEvents.PIPELINE_DETAIL_TYPE, detailType))
                .body("outcome", equalTo("ignored"))
                .body("reason", containsString("detail-type='" + detailType + "'"));

        assertTrue(standIn().calls().isEmpty(), () -> standIn().calls().toString());
        assertEquals(motoBefore, motoRequests().size(), "no S3 or Step Functions call");
        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    @Test
    void otherPipelinesEventsAreIgnoredWithoutCallingAws() {
        post(SampleEvents.load("aws-sample-approval-failed.json").toString())
                .body("outcome", equalTo("ignored"))
                .body("reason", containsString("pipeline is 'myPipeline'"));

        assertTrue(standIn().calls().isEmpty());
    }

    @Test
    void oversizedOrMalformedIdentifiersAreRejectedBeforeAnyCallWithABoundedMessage() {
        String huge = "x".repeat(100_000);
        String message = postFailing(SampleEvents.edited("approval-succeeded.json",
                event -> event.withObject("detail").put("execution-id", huge)))
                .body("errorMessage", containsString("'detail.execution-id'"))
                .extract().path("errorMessage");
        assertTrue(message.length() < 400, "bounded: " + message.length() + " chars");
        postFailing(SampleEvents.edited("approval-succeeded.json", event -> event.withObject("detail").remove("stage")))
                .body("errorType", containsString("IllegalArgumentException"))
                .body("errorMessage", containsString("'detail.stage'"));
        postFailing(SampleEvents.edited("approval-succeeded.json", event -> event.withObject("detail").remove("action")))
                .body("errorMessage", containsString("'detail.action'"));

        assertTrue(standIn().calls().isEmpty());
    }

    @Test
    void rejectionAndExpiryBothReturnNotApproved() throws Exception {
        WaitingTask rejected = tasks.start();
        String rejectedExecution = requestApproval(rejected);
        WaitingTask expired = tasks.start();
        String expiredExecution = requestApproval(expired);

        standIn().reject(PIPELINE, rejectedExecution, "Not this week");
        standIn().expire(PIPELINE, expiredExecution);
        post(emitted(rejectedExecution, "FAILED")).body("is_approved", equalTo(false));
        post(emitted(expiredExecution, "FAILED")).body("is_approved", equalTo(false));

        JsonNode rejectedOutput = tasks.output(rejected);
        assertFalse(rejectedOutput.path("is_approved").asBoolean(true));
        assertEquals("Not this week", rejectedOutput.path("comment").asText());
        assertEquals("rejected", rejectedOutput.path("decision").asText());
        JsonNode expiredOutput = tasks.output(expired);
        assertFalse(expiredOutput.path("is_approved").asBoolean(true));
        assertEquals("expired", expiredOutput.path("decision").asText());
        assertTrue(expiredOutput.path("reviewer").isMissingNode(), "nobody decided an expired approval");
        assertTrue(expiredOutput.path("comment").isMissingNode(), "no reviewer wrote a comment: " + expiredOutput);
        assertFalse(expiredOutput.path("reason").asText().isBlank(), "CodePipeline's expiry summary: " + expiredOutput);
    }

    @Test
    void duplicateDeliveryIsAcknowledgedWithoutASecondDecision() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().approve(PIPELINE, execution, "once");
        String event = emitted(execution, "SUCCEEDED");

        post(event).body("outcome", equalTo("delivered"));
        post(event).body("outcome", equalTo("already-delivered")).body("reason", equalTo("the version is marked 'approved'"));

        assertTrue(tasks.output(task).path("is_approved").asBoolean(false));
    }

    @Test
    void aRejectionsActionAndPipelineEventsMakeOneSendTaskSuccessAndNoWarning() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().reject(PIPELINE, execution, "no");
        int motoBefore = motoRequests().size();

        post(emitted(execution, "FAILED")).body("outcome", equalTo("delivered")).body("decision", equalTo("rejected"));
        post(emittedPipeline(execution, "FAILED")).body("outcome", equalTo("already-delivered"))
                .body("decision", equalTo("rejected"));

        List<String> motoCalls = motoRequests().subList(motoBefore, motoRequests().size());
        assertEquals(1, motoCalls.stream().filter(line -> line.contains("\"POST / ")).count(),
                "one SendTaskSuccess: " + motoCalls);
        assertEquals("rejected", tasks.output(task).path("decision").asText());
        List<String> warnings = Files.readAllLines(NoTokenInLogs.QUARKUS_LOG).stream()
                .filter(line -> line.contains(execution) && line.contains("WARN")).toList();
        assertTrue(warnings.isEmpty(), warnings::toString);
        assertTrue(Files.readAllLines(NoTokenInLogs.QUARKUS_LOG).stream().anyMatch(line -> line.contains(execution)
                && line.contains("INFO") && line.contains("decision already delivered")));
    }

    @Test
    void aLateDecisionThatFindsTheTaskClosedStillWarns() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        try (SfnClient sfn = LocalAwsClients.sfn(LocalAwsTestResource.moto().endpoint())) {
            sfn.sendTaskSuccess(send -> send.taskToken(task.token()).output("{\"is_approved\": false}"));
        }
        standIn().approve(PIPELINE, execution, "too late");

        post(emitted(execution, "SUCCEEDED")).body("outcome", equalTo("task-closed"));

        assertTrue(Files.readAllLines(NoTokenInLogs.QUARKUS_LOG).stream().anyMatch(line -> line.contains(execution)
                && line.contains("WARN") && line.contains("task already closed")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "TaskTimedOut", "TaskDoesNotExist" })
    void taskClosedByStepFunctionsIsAWarningNotAnError(String errorCode) {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        QuarkusMock.installMockForType(new ClosedTaskSfn(errorCode), SfnClient.class);

        standIn().approve(PIPELINE, execution, "late");
        post(emitted(execution, "SUCCEEDED"))
                .body("outcome", equalTo("task-closed"))
                .body("reason", equalTo(errorCode));
    }

    @Test
    void tokenWrittenWithASinglePrefixByAnotherJavaClientIsFound() throws Exception {
        WaitingTask task = tasks.start();
        String versionId = s3.putObject(put -> put.bucket(BUCKET).key(KEY)
                .metadata(Map.of("x-amz-meta-sfntoken", task.token())), RequestBody.fromString("doc")).versionId();
        assertEquals(task.token(), s3.headObject(h -> h.bucket(BUCKET).key(KEY).versionId(versionId))
                .metadata().get("sfntoken"), "precondition: stored under the single-prefix key");
        String execution = standIn().startExecutionFor(PIPELINE, versionId);

        standIn().approve(PIPELINE, execution, "ok");
        post(emitted(execution, "SUCCEEDED")).body("outcome", equalTo("delivered"));

        assertTrue(tasks.output(task).path("is_approved").asBoolean(false));
    }

    @Test
    void unknownExecutionFailsClearlyAndLeavesTheWorkflowWaiting() {
        WaitingTask task = tasks.start();
        requestApproval(task);

        postFailing(approvalEvent("00000000-0000-0000-0000-000000000000", "SUCCEEDED"))
                .body("errorType", containsString("PipelineExecutionMissingException"))
                .body("errorMessage", containsString("no such execution"));

        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    @Test
    void deletedVersionFailsClearlyAndLeavesTheWorkflowWaiting() {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        String versionId = standIn().pendingApprovals().stream()
                .filter(p -> p.executionId().equals(execution)).findFirst().orElseThrow().sourceVersionId();
        s3.deleteObject(delete -> delete.bucket(BUCKET).key(KEY).versionId(versionId));

        standIn().approve(PIPELINE, execution, "too late");
        postFailing(emitted(execution, "SUCCEEDED"))
                .body("errorType", containsString("SourceVersionMissingException"))
                .body("errorMessage", containsString(versionId));

        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    @Test
    void objectWithoutTokenFailsClearlyAndSendsNothing() {
        WaitingTask task = tasks.start();
        String versionId = s3.putObject(put -> put.bucket(BUCKET).key(KEY), RequestBody.fromString("no token"))
                .versionId();
        String execution = standIn().startExecutionFor(PIPELINE, versionId);

        standIn().approve(PIPELINE, execution, "ok");
        postFailing(emitted(execution, "SUCCEEDED"))
                .body("errorType", containsString("TaskTokenMissingException"));

        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    @ParameterizedTest
    @ValueSource(strings = { "approval-started.json", "aws-sample-deploy-succeeded.json" })
    void eventsThatAreNotDecisionsAreIgnoredWithoutCallingAws(String sample) throws Exception {
        int motoBefore = motoRequests().size();
        post(SampleEvents.load(sample).toString())
                .body("outcome", equalTo("ignored"))
                .body("reason", containsString(sample.contains("deploy") ? "category is 'Deploy'" : "state is 'STARTED'"));

        assertTrue(standIn().calls().isEmpty(), () -> standIn().calls().toString());
        assertEquals(motoBefore, motoRequests().size(), "no S3 or Step Functions call");
    }

    @Test
    void eventsFromOtherSourcesAreIgnored() {
        post(SampleEvents.edited("approval-succeeded.json", event -> event.put("source", "my.app")))
                .body("outcome", equalTo("ignored"))
                .body("reason", containsString("source='my.app'"));

        assertTrue(standIn().calls().isEmpty());
    }

    @Test
    void malformedApprovalEventsNameTheMissingField() {
        postFailing(SampleEvents.edited("approval-succeeded.json", event -> event.remove("detail")))
                .body("errorMessage", containsString("no 'detail'"));
        postFailing(SampleEvents.edited("approval-succeeded.json",
                event -> event.withObject("detail").remove("execution-id")))
                .body("errorMessage", containsString("'detail.execution-id'"));

        assertTrue(standIn().calls().isEmpty());
    }

    /** Step Functions answering SendTaskSuccess as it does for a task that timed out or no longer exists. */
    private record ClosedTaskSfn(String errorCode) implements SfnClient {
        @Override
        public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest request) {
            var details = AwsErrorDetails.builder().errorCode(errorCode).errorMessage("closed").build();
            throw switch (errorCode) {
                case "TaskTimedOut" -> TaskTimedOutException.builder().awsErrorDetails(details).build();
                default -> TaskDoesNotExistException.builder().awsErrorDetails(details).build();
            };
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }

    private String requestApproval(WaitingTask task) {
        return startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p>doc</p>"))
                .pipelineExecutionId();
    }

    /** The event the stand-in emitted for this execution's approval, as EventBridge would deliver it. */
    private static String emitted(String execution, String state) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> standIn().events().stream()
                .filter(event -> event.contains(execution) && event.contains("\"category\":\"Approval\"")
                        && event.contains("\"state\":\"" + state + "\""))
                .findFirst().orElse(null), event -> event != null);
    }

    private static String emittedPipeline(String execution, String state) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> standIn().events().stream()
                .filter(event -> event.contains(execution) && event.contains("Pipeline Execution State Change")
                        && event.contains("\"state\":\"" + state + "\""))
                .findFirst().orElse(null), event -> event != null);
    }

    private static String pipelineEvent(String execution, String state) {
        return ActionEvents.pipelineEvent(PIPELINE, 1, execution, state);
    }

    private static List<String> motoRequests() {
        return LocalAwsTestResource.moto().requestLines();
    }

    private static String approvalEvent(String execution, String state) {
        return SampleEvents.edited("approval-succeeded.json", event -> {
            event.withObject("detail").put("pipeline", PIPELINE).put("execution-id", execution).put("state", state);
        });
    }

    private static io.restassured.response.ValidatableResponse post(String event) {
        return given().contentType(ContentType.JSON).body(event).when().post().then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse postFailing(String event) {
        return given().contentType(ContentType.JSON).body(event).when().post().then().statusCode(500);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
