package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.RecordedMetrics;
import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.ApprovalStarted;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.logs.JsonLogLines;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.token.TaskTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * approval-sweep through Quarkus's mock Lambda event server, against moto and the CodePipeline stand-in. No event is
 * ever delivered here: every decision the tasks get, the sweep delivered.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweep.class)
@WithTestResource(LocalAwsTestResource.class)
class ApprovalSweepHandlerTest {

    private static final String SCHEDULED_EVENT = """
            {"version": "0", "id": "89d1a02d-5ec7-412e-82f5-13505f849b41", "detail-type": "Scheduled Event",
             "source": "aws.events", "time": "2026-11-25T09:05:00Z", "detail": {}}""";

    private static WaitingTasks tasks;
    private static S3Client s3;
    private static SfnClient sfn;

    @Inject
    StartApprovalService startApproval;

    @BeforeAll
    static void connect() {
        tasks = new WaitingTasks(LocalAwsTestResource.moto());
        s3 = LocalAwsClients.s3(LocalAwsTestResource.moto().endpoint());
        sfn = LocalAwsClients.sfn(LocalAwsTestResource.moto().endpoint());
    }

    @AfterAll
    static void disconnect() {
        tasks.close();
        s3.close();
        sfn.close();
    }

    @BeforeEach
    void startFromAnEmptyPipeline() {
        standIn().reset();
    }

    @Test
    void decisionWhoseEventWasLostIsDeliveredOnceAndMarked() throws Exception {
        RecordedMetrics metrics = RecordedMetrics.install();
        WaitingTask task = tasks.start();
        ApprovalStarted request = requestApproval(task);
        String execution = request.pipelineExecutionId();
        WaitingTask waiting = tasks.start();
        requestApproval(waiting);
        standIn().reject(PIPELINE, execution, "not like this");

        sweep().body("examined", equalTo(2))
                .body("pending", equalTo(1))
                .body("delivered", hasSize(1))
                .body("delivered[0].pipeline_execution_id", equalTo(execution))
                .body("delivered[0].outcome", equalTo("delivered"))
                .body("delivered[0].decision", equalTo("rejected"));

        assertEquals("rejected", tasks.output(task).path("decision").asText());
        assertEquals("not like this", tasks.output(task).path("comment").asText());
        assertEquals(Optional.of("rejected"), decisionTag(request.s3VersionId()));
        assertEquals(ExecutionStatus.RUNNING, tasks.status(waiting));
        JsonNode delivered = JsonLogLines.line("decision delivered", Map.of(LogField.EXECUTION_ID, execution));
        JsonLogLines.assertFields(delivered, Map.of(LogField.PIPELINE, PIPELINE, LogField.DELIVERED_BY, "sweep",
                LogField.DECISION, "rejected", LogField.OUTCOME, "delivered", LogField.S3_VERSION_ID,
                request.s3VersionId(), LogField.TASK, TaskTokens.fingerprint(task.token())), LogField.EVENT_ID);
        JsonNode summary = JsonLogLines.line("sweep done", Map.of(LogField.DELIVERED_BY, "sweep"));
        // The run's summary covers the whole pool: no one pipeline's fields.
        JsonLogLines.assertFields(summary, Map.of(LogField.DELIVERED_BY, "sweep"), LogField.PIPELINE,
                LogField.EXECUTION_ID, LogField.S3_VERSION_ID, LogField.TASK, LogField.OUTCOME);
        List<JsonNode> lost = metrics.of(Metric.SWEEP_DELIVERIES);
        assertEquals(1, lost.size(), metrics.documents()::toString);
        RecordedMetrics.assertDefines(Metric.SWEEP_DELIVERIES, lost.getFirst());
        assertEquals(PIPELINE, lost.getFirst().path("Pipeline").asText());
        assertEquals(1, lost.getFirst().path("SweepDeliveries").asInt(), "one lost event");
        assertEquals(1, metrics.of(Metric.DECISIONS).size(), metrics.documents()::toString);

        sweep().body("already_delivered", equalTo(1)).body("delivered", hasSize(0));
        assertEquals(1, metrics.of(Metric.SWEEP_DELIVERIES).size(), "a run that delivered nothing counts nothing");
    }

    @Test
    void taskThatClosedMeanwhileIsMarkedSoTheNextSweepSkipsIt() {
        WaitingTask task = tasks.start();
        ApprovalStarted request = requestApproval(task);
        // Closed by someone else (moto ignores StopExecution for a waiting task token, so complete it instead).
        sfn.sendTaskSuccess(send -> send.taskToken(task.token()).output("{\"is_approved\": false}"));
        standIn().approve(PIPELINE, request.pipelineExecutionId(), "too late");

        sweep().body("delivered[0].outcome", equalTo("task-closed"));

        assertEquals(Optional.of("approved"), decisionTag(request.s3VersionId()));
        sweep().body("already_delivered", equalTo(1)).body("delivered", hasSize(0));
    }

    @Test
    void unresolvableExecutionFailsTheRunAfterTheOthersAreDelivered() throws Exception {
        String tokenless = s3.putObject(put -> put.bucket(BUCKET).key(KEY), RequestBody.fromString("no token"))
                .versionId();
        String broken = standIn().startExecutionFor(PIPELINE, tokenless);
        standIn().approve(PIPELINE, broken, "approve the tokenless one");
        WaitingTask task = tasks.start();
        standIn().approve(PIPELINE, requestApproval(task).pipelineExecutionId(), "fine");

        given().contentType(ContentType.JSON).body(SCHEDULED_EVENT).when().post().then().statusCode(500)
                .body("errorType", containsString("SweepIncompleteException"))
                .body("errorMessage", containsString(broken))
                .body("errorMessage", containsString("has no task token"));

        assertEquals("approved", tasks.output(task).path("decision").asText());
        assertEquals(Optional.empty(), decisionTag(tokenless), "nothing was delivered for it");
    }

    /**
     * Two approver groups, a rejection whose event was lost while the other group waits: the sweep delivers Rejected at
     * once and stops the execution with abandon; a stop that failed (throttled through every SDK attempt) is repeated
     * by the next sweep, which delivers nothing again; once nothing waits, no further stop.
     */
    @Test
    void withTwoGroupsTheSweepRejectsAtOnceAndRepeatsAFailedStop() throws Exception {
        standIn().definePipeline(TemplatePipeline.definition(PIPELINE, BUCKET, KEY)
                .withParallelActions("Approval", List.of("security", "owner")));
        try {
            WaitingTask task = tasks.start();
            String execution = requestApproval(task).pipelineExecutionId();
            standIn().reject(PIPELINE, execution, "Approval", "security", "not this week");
            standIn().failNext("StopPipelineExecution", "ThrottlingException", "Rate exceeded", 4);

            sweep().body("delivered[0].outcome", equalTo("delivered"))
                    .body("delivered[0].decision", equalTo("rejected"));
            assertEquals("security", tasks.output(task).path("action").asText());
            assertEquals(List.of("owner"), waiting(execution), "the stop failed");

            sweep().body("already_delivered", equalTo(1)).body("delivered", hasSize(0));
            assertEquals(List.of(), waiting(execution), "the next sweep stopped it");
            JsonNode stop = standIn().calls("StopPipelineExecution").getLast().request();
            assertTrue(stop.path("abandon").asBoolean(false), stop.toString());

            int stops = standIn().calls("StopPipelineExecution").size();
            sweep().body("already_delivered", equalTo(1));
            assertEquals(stops, standIn().calls("StopPipelineExecution").size(), "nothing waits: no stop");
            assertEquals("rejected", tasks.output(task).path("decision").asText(), "delivered once, unchanged");
        } finally {
            standIn().definePipeline(TemplatePipeline.definition(PIPELINE, BUCKET, KEY));
        }
    }

    private static List<String> waiting(String execution) {
        return standIn().pendingApprovals().stream().filter(p -> p.executionId().equals(execution))
                .map(PendingApproval::action).toList();
    }

    @Test
    void onlyAScheduledEventRunsTheSweep() {
        WaitingTask task = tasks.start();
        standIn().approve(PIPELINE, requestApproval(task).pipelineExecutionId(), "ok");
        standIn().forgetCalls();

        given().contentType(ContentType.JSON).body("{}").when().post().then().statusCode(200)
                .body("ignored", containsString("Scheduled Event"))
                .body("examined", equalTo(0));

        assertEquals(List.of(), standIn().calls());
        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    private ApprovalStarted requestApproval(WaitingTask task) {
        return startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p>doc</p>"));
    }

    private static Optional<String> decisionTag(String versionId) {
        return LocalAwsClients.decisionTag(s3, BUCKET, KEY, versionId);
    }

    private static ValidatableResponse sweep() {
        return given().contentType(ContentType.JSON).body(SCHEDULED_EVENT).when().post().then().statusCode(200);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
