package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.DEADLINE_GROUP;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.DEAD_LETTER_QUEUE;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.MAX_PAGES;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.PAGE_SIZE;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.SCHEDULER_ROLE;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.SWEEP_ALIAS;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.ControlledClock;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.testing.quarkus.PassingTime;
import io.github.approvalgate.token.TaskTokenStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Each request's deadline check, against moto's EventBridge Scheduler (which stores schedules but never runs them: the
 * test invokes approval-sweep with the stored schedule's input, as Scheduler would at its time), and a pipeline with
 * thousands of executions in the sweep's window, beyond its page budget (pages of 10, 5 pages).
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepWithDeadlines.class)
@WithTestResource(LocalAwsTestResource.class)
@ExtendWith(PassingTime.class)
class DeadlineCheckTest {

    private static final String SCHEDULED_EVENT = "{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WaitingTasks tasks;
    private static SchedulerClient scheduler;
    private static S3Client s3;

    @Inject
    StartApprovalService startApproval;

    @Inject
    DeadlineScheduler deadlines;

    @BeforeAll
    static void connect() {
        tasks = new WaitingTasks(LocalAwsTestResource.moto());
        scheduler = LocalAwsClients.scheduler(LocalAwsTestResource.moto().endpoint());
        s3 = LocalAwsClients.s3(LocalAwsTestResource.moto().endpoint());
        scheduler.createScheduleGroup(create -> create.name(DEADLINE_GROUP));
    }

    @AfterAll
    static void disconnect() {
        tasks.close();
        scheduler.close();
        s3.close();
    }

    @Test
    void startApprovalSchedulesOneCheckOfExactlyItsExecutionAtItsDeadline() throws Exception {
        Instant before = ControlledClock.INSTANCE.instant();
        String execution = requestApproval(tasks.start());
        Instant after = ControlledClock.INSTANCE.instant();

        GetScheduleResponse schedule = scheduler.getSchedule(get -> get.groupName(DEADLINE_GROUP).name(execution));
        Duration due = Duration.ofDays(7).plusMinutes(5);
        Instant at = LocalAwsClients.dueAt(schedule);
        assertTrue(!at.isBefore(before.plus(due).minusSeconds(1)) && !at.isAfter(after.plus(due).plusSeconds(1)),
                schedule.scheduleExpression() + " is 7 days 5 minutes after the start");
        assertEquals("UTC", schedule.scheduleExpressionTimezone());
        assertEquals("OFF", schedule.flexibleTimeWindow().modeAsString());
        assertEquals("DELETE", schedule.actionAfterCompletionAsString());
        assertEquals(SWEEP_ALIAS, schedule.target().arn());
        assertEquals(SCHEDULER_ROLE, schedule.target().roleArn());
        assertEquals(DEAD_LETTER_QUEUE, schedule.target().deadLetterConfig().arn());
        assertEquals(Map.of("deadline_check", Map.of("pipeline", PIPELINE, "pipeline_execution_id", execution)),
                JSON.readValue(schedule.target().input(), Map.class));

        deadlines.schedule(PIPELINE, execution); // a retried request: the same schedule, no error
        assertEquals(1, scheduler.listSchedules(list -> list.groupName(DEADLINE_GROUP).namePrefix(execution))
                .schedules().size());
    }

    @Test
    void checkOfAnExecutionWithoutADecisionAtItsDeadlineFails() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        check(execution).statusCode(500)
                .body("errorType", containsString("SweepIncompleteException"))
                .body("errorMessage", containsString("no decision at the request's deadline"));

        assertEquals(ExecutionStatus.RUNNING, tasks.status(task));
    }

    @Test
    void checkOfAnotherPipelineIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"deadline_check\": {\"pipeline\": \"other\", \"pipeline_execution_id\": \"x\"}}")
                .when().post().then().statusCode(500)
                .body("errorMessage", containsString("not one of the 1 pipelines this function sweeps"));
    }

    /**
     * 5,000 executions changed within the look-back window, newer than the oldest request, whose approval expires a
     * week later with its event lost: the periodic sweep stops at its page budget (five pages, fifty executions), the
     * request's deadline check delivers its decision with two CodePipeline calls, and nothing runs twice.
     */
    @Test
    void oldestOfFiveThousandExecutionsIsDeliveredByItsDeadlineCheck() throws Exception {
        WaitingTask task = tasks.start();
        String oldest = requestApproval(task);
        Instant started = ControlledClock.INSTANCE.instant();
        String delivered = taggedVersion("rejected");
        standIn().seedRejectedExecutions(PIPELINE, 5_000, started.plusSeconds(60), Duration.ofMinutes(2),
                started.plus(Duration.ofDays(7)).minusSeconds(600), delivered);
        PassingTime.advance(Duration.ofDays(7));
        standIn().expire(PIPELINE, oldest);

        standIn().forgetCalls();
        sweep().body("pages", equalTo(MAX_PAGES))
                .body("examined", equalTo(MAX_PAGES * PAGE_SIZE))
                .body("already_delivered", equalTo(MAX_PAGES * PAGE_SIZE))
                .body("delivered", hasSize(0))
                .body("stopped_early", containsString("deadline checks"));
        Map<String, Long> periodic = standIn().callsByOperation();
        assertEquals(Map.of("ListPipelineExecutions", (long) MAX_PAGES, "ListActionExecutions",
                (long) MAX_PAGES * PAGE_SIZE), periodic);
        assertEquals(ExecutionStatus.RUNNING, tasks.status(task), "beyond the page budget");

        PassingTime.advance(Duration.ofMinutes(5));
        standIn().forgetCalls();
        check(oldest).statusCode(200)
                .body("examined", equalTo(1))
                .body("delivered[0].outcome", equalTo("delivered"))
                .body("delivered[0].decision", equalTo("expired"));
        assertEquals(Map.of("GetPipelineExecution", 1L, "ListActionExecutions", 1L), standIn().callsByOperation());
        assertEquals("expired", tasks.output(task).path("decision").asText());

        standIn().forgetCalls();
        sweep().body("delivered", hasSize(0)).body("already_delivered", equalTo(MAX_PAGES * PAGE_SIZE));
        assertEquals(periodic, standIn().callsByOperation(), "the same bounded cost on every run");
        check(oldest).statusCode(200).body("already_delivered", equalTo(1)).body("delivered", hasSize(0));
        System.out.printf("calls per periodic sweep with 5,000 executions in the window: %s; per deadline check: "
                + "GetPipelineExecution 1, ListActionExecutions 1 (+ S3 GetObjectTagging, HeadObject, PutObjectTagging"
                + " and SendTaskSuccess when it delivers)%n", new TreeMap<>(periodic));
    }

    private String requestApproval(WaitingTask task) {
        return startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p>doc</p>"))
                .pipelineExecutionId();
    }

    /** An object version already marked with its decision, as approval-result leaves every delivered request. */
    private static String taggedVersion(String decision) {
        String versionId = s3.putObject(put -> put.bucket(BUCKET).key(KEY), RequestBody.fromString("delivered"))
                .versionId();
        s3.putObjectTagging(tag -> tag.bucket(BUCKET).key(KEY).versionId(versionId).tagging(tagging -> tagging
                .tagSet(set -> set.key(TaskTokenStore.DECISION_TAG).value(decision))));
        return versionId;
    }

    private static ValidatableResponse sweep() {
        return given().contentType(ContentType.JSON).body(SCHEDULED_EVENT).when().post().then().statusCode(200);
    }

    /** approval-sweep invoked with the input of the execution's stored schedule, as Scheduler invokes it. */
    private static ValidatableResponse check(String execution) {
        String input = scheduler.getSchedule(get -> get.groupName(DEADLINE_GROUP).name(execution)).target().input();
        return given().contentType(ContentType.JSON).body(input).when().post().then();
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
