package io.github.approvalgate.reminder;

import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.DEADLINE_GROUP;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.SCHEDULER_ROLE;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithDeadlines.SWEEP_ALIAS;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithReminders.APPROVAL_TIMEOUT;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithReminders.COUNT;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepWithReminders.INTERVAL;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.github.approvalgate.testing.quarkus.ReminderTestResource.escalationTopic;
import static io.github.approvalgate.testing.quarkus.ReminderTestResource.groupTopic;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.ControlledClock;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.moto.TopicInbox.Notice;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.testing.quarkus.PassingTime;
import io.github.approvalgate.testing.quarkus.ReminderTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * Reminder checks against moto (S3 markers, SNS topics read back through SQS, EventBridge Scheduler, which stores
 * schedules but never runs them: the test runs each one with its input at its time, on the clock it controls) and the
 * CodePipeline stand-in running two approver groups ({@code security}, {@code owner}) in parallel.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepWithReminders.class)
@WithTestResource(ReminderTestResource.class)
@ExtendWith(PassingTime.class)
class ReminderCheckTest {

    private static final String STAGE = "Approval";
    private static final String SUMMARY = "Release 42 to production";
    private static final String REVIEW_URL = "https://example.com/review/42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WaitingTasks tasks;
    private static SchedulerClient scheduler;
    private static S3Client s3;

    @Inject
    StartApprovalService startApproval;

    @Inject
    ReminderService reminders;

    @BeforeAll
    static void connect() {
        tasks = WaitingTasks.shared(LocalAwsTestResource.moto());
        scheduler = LocalAwsClients.scheduler(LocalAwsTestResource.moto().endpoint());
        s3 = LocalAwsClients.s3(LocalAwsTestResource.moto().endpoint());
        scheduler.createScheduleGroup(create -> create.name(DEADLINE_GROUP));
    }

    @AfterAll
    static void disconnect() {
        scheduler.close();
        s3.close();
    }

    @BeforeEach
    void emptyInboxes() {
        ReminderTestResource.GROUPS.forEach(group -> groupTopic(group).clear());
        escalationTopic().clear();
    }

    /**
     * Each check runs at the time its schedule names and schedules the next: each group gets reminders 1, 2 and 3 at
     * 1, 2 and 3 hours of waiting, the escalation topic one message per group at 4 hours, and the chain ends.
     */
    @Test
    void aWaitingApprovalGetsExactlyReminderCountRemindersAtTheRightTimes() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        Instant since = waitingSince(execution);

        List<Instant> checkedAt = new ArrayList<>();
        for (int check = 1; check <= COUNT + 1; check++) {
            GetScheduleResponse schedule = schedule(execution, check);
            Instant due = LocalAwsClients.dueAt(schedule);
            Instant expected = since.plus(INTERVAL.multipliedBy(check));
            // The first one leaves the Source stage its time.
            Duration late = check == 1 ? ReminderScheduler.SOURCE_MARGIN.plusSeconds(1) : Duration.ofSeconds(1);
            assertTrue(!due.isBefore(expected) && !due.isAfter(expected.plus(late)),
                    "check " + check + " due at " + due + ", its step at " + expected);
            assertEquals("FLEXIBLE", schedule.flexibleTimeWindow().modeAsString());
            assertEquals(15, schedule.flexibleTimeWindow().maximumWindowInMinutes());
            // The mock event server passes no function ARN: later checks invoke the configured target too.
            assertEquals(SWEEP_ALIAS, schedule.target().arn());
            assertEquals(SCHEDULER_ROLE, schedule.target().roleArn());
            JsonNode report = run(schedule);
            checkedAt.add(due);
            assertEquals(List.of("Approval/security#" + check, "Approval/owner#" + check),
                    strings(report.path("sent")), "check " + check);
            if (check <= COUNT) {
                assertTrue(report.path("ended").isMissingNode(), report.toString());
            }
        }
        assertFalse(scheduleExists(execution, COUNT + 2), "no check after the escalation");

        for (String group : ReminderTestResource.GROUPS) {
            List<Notice> notices = groupTopic(group).notices();
            assertEquals(List.of("Reminder 1 of 3: approval waiting in " + PIPELINE,
                    "Reminder 2 of 3: approval waiting in " + PIPELINE, "Reminder 3 of 3: approval waiting in "
                            + PIPELINE),
                    notices.stream().map(Notice::subject).toList(), group);
            for (int step = 1; step <= COUNT; step++) {
                String message = notices.get(step - 1).message();
                assertTrue(message.contains("Approval action: Approval/" + group), message);
                assertTrue(message.contains("Waiting for: " + step + " h " + (step == 1 ? 2 : 0) + " min"), message);
            }
        }
        List<Notice> escalations = escalationTopic().notices();
        assertEquals(2, escalations.size(), "one per group's action");
        assertTrue(escalations.stream().allMatch(n -> n.subject().equals("Escalation: approval still undecided in "
                + PIPELINE) && n.message().contains("No decision after 3 reminders")), escalations.toString());
        assertEquals(COUNT + 1, checkedAt.size());
    }

    @Test
    void theMessageNamesTheRequestAndWhereToDecideAndNoToken() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        Instant since = waitingSince(execution);
        List<String> approvalTokens = standIn().pendingApprovals().stream()
                .filter(p -> p.executionId().equals(execution)).map(PendingApproval::token).toList();

        run(schedule(execution, 1));

        String message = groupTopic("security").notices().getFirst().message();
        assertEquals(String.join("\n",
                "Reminder 1 of 3: this approval still waits for a decision.",
                "",
                "Pipeline: " + PIPELINE,
                "Execution: " + execution,
                "Approval action: Approval/security",
                "Request: " + SUMMARY,
                "Review: " + REVIEW_URL,
                "Decide in the console: https://console.aws.amazon.com/codesuite/codepipeline/pipelines/" + PIPELINE
                        + "/executions/" + execution + "/timeline?region=us-east-1",
                "Waiting for: 1 h 2 min (since " + since.truncatedTo(ChronoUnit.SECONDS) + ")",
                "Expires: " + since.plus(APPROVAL_TIMEOUT).truncatedTo(ChronoUnit.SECONDS) + ", unless decided before",
                ""), message);
        assertFalse(message.contains(task.token()), "no task token");
        assertEquals(2, approvalTokens.size());
        approvalTokens.forEach(token -> assertFalse(message.contains(token), "no approval token"));
    }

    /**
     * Once a group decided, only the other is reminded; once the request is decided, nobody is and the chain ends
     * (the execution has ended: one GetPipelineExecution tells).
     */
    @Test
    void noReminderAfterADecision() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        run(schedule(execution, 1));
        standIn().approve(PIPELINE, execution, STAGE, "owner", "fine");
        JsonNode second = run(schedule(execution, 2));
        assertEquals(List.of("Approval/security#2"), strings(second.path("sent")));
        assertEquals(List.of("Approval/security"), strings(second.path("waiting")));

        standIn().reject(PIPELINE, execution, STAGE, "security", "not this week");
        standIn().forgetCalls();
        JsonNode third = run(schedule(execution, 3));
        assertEquals(List.of(), strings(third.path("sent")));
        assertEquals("the execution is Failed", third.path("ended").asText());
        assertEquals(Map.of("ListActionExecutions", 1L, "GetPipelineExecution", 1L), standIn().callsByOperation());
        assertFalse(scheduleExists(execution, 4));

        assertEquals(2, groupTopic("security").notices().size());
        assertEquals(1, groupTopic("owner").notices().size(), "not after owner approved");
    }

    /**
     * The same check run eight times at once, then again, then the periodic sweep: each group gets its reminder once
     * (the step's marker, written with If-None-Match, decides who sends it).
     */
    @Test
    void aCheckRunTwiceOrConcurrentlySendsEachStepOnce() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        GetScheduleResponse first = schedule(execution, 1);
        advanceTo(LocalAwsClients.dueAt(first));
        ReminderCheck check = JSON.treeToValue(JSON.readTree(first.target().input()).path(ReminderCheck.INPUT_KEY),
                ReminderCheck.class);

        CyclicBarrier together = new CyclicBarrier(8);
        List<Callable<ReminderReport>> checks = IntStream.range(0, 8).<Callable<ReminderReport>> mapToObj(i -> () -> {
            together.await();
            return reminders.check(check, null);
        }).toList();
        List<ReminderReport> reports = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<ReminderReport> report : pool.invokeAll(checks)) {
                reports.add(report.get());
            }
        }
        JsonNode again = run(first);
        given().contentType(ContentType.JSON).body("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}")
                .when().post().then().statusCode(200);

        assertEquals(2, reports.stream().mapToInt(r -> r.sent().size()).sum(), reports.toString());
        assertEquals(8 * 2 - 2, reports.stream().mapToInt(ReminderReport::alreadySent).sum());
        assertEquals(2, again.path("already_sent").asInt());
        assertEquals(1, groupTopic("security").notices().size());
        assertEquals(1, groupTopic("owner").notices().size());
        assertTrue(scheduleExists(execution, 2), "the next check, created once");
    }

    /**
     * 10,000 approvals waiting (two groups each, so 20,000 actions), all due at once: every check reads exactly its own
     * execution (no listing), so each costs the same 6 calls (ListActionExecutions, 2 PutObject, 2 Publish,
     * CreateSchedule) whatever the number pending. Checked on a spread sample of 20.
     */
    @Test
    void withTenThousandPendingEachCheckCostsTheSameSixCalls() throws Exception {
        String versionId = s3.putObject(put -> put.bucket(BUCKET).key(KEY), RequestBody.fromString("doc")).versionId();
        Instant started = ControlledClock.INSTANCE.instant();
        List<String> pending = standIn().seedWaitingExecutions(PIPELINE, 10_000, started, versionId);
        PassingTime.advance(INTERVAL);

        standIn().forgetCalls();
        List<String> sample = IntStream.range(0, 20).mapToObj(i -> pending.get(i * 500 + 17)).toList();
        for (String execution : sample) {
            ReminderReport report = reminders.check(new ReminderCheck(PIPELINE, execution, 1, SCHEDULER_ROLE), null);
            assertEquals(2, report.sent().size(), report.toString());
            assertTrue(scheduleExists(execution, 2));
        }
        assertEquals(Map.of("ListActionExecutions", (long) sample.size()), standIn().callsByOperation());
        assertEquals(sample.size(), groupTopic("security").notices().size());
        assertEquals(sample.size(), groupTopic("owner").notices().size());
        System.out.printf("reminder check with %,d pending approvals of 2 groups: 6 calls each (ListActionExecutions 1,"
                + " PutObject 2, Publish 2, CreateSchedule 1); %,d calls per reminder step for all of them%n",
                pending.size(), pending.size() * 6);
    }

    @Test
    void aCheckOfAnotherPipelineIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"reminder_check\": {\"pipeline\": \"other\", \"pipeline_execution_id\": \"x\", \"check\": 1}}")
                .when().post().then().statusCode(500)
                .body("errorMessage", org.hamcrest.Matchers.containsString("not one of the 1 pipelines"));
    }

    private String requestApproval(WaitingTask task) {
        return startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p>doc</p>",
                SUMMARY, REVIEW_URL)).pipelineExecutionId();
    }

    private static Instant waitingSince(String execution) {
        List<Instant> since = standIn().pendingApprovals().stream().filter(p -> p.executionId().equals(execution))
                .map(PendingApproval::since).distinct().toList();
        assertEquals(1, since.size(), "both groups' actions start together: " + since);
        return since.getFirst();
    }

    private static GetScheduleResponse schedule(String execution, int check) {
        return scheduler.getSchedule(get -> get.groupName(DEADLINE_GROUP).name(execution + "-reminder-" + check));
    }

    private static boolean scheduleExists(String execution, int check) {
        try {
            schedule(execution, check);
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static void advanceTo(Instant due) {
        Duration ahead = Duration.between(ControlledClock.INSTANCE.instant(), due);
        if (!ahead.isNegative()) {
            PassingTime.advance(ahead);
        }
    }

    /** approval-sweep invoked with the schedule's input at its time, as Scheduler invokes it. */
    private static JsonNode run(GetScheduleResponse schedule) throws Exception {
        advanceTo(LocalAwsClients.dueAt(schedule));
        String body = given().contentType(ContentType.JSON).body(schedule.target().input()).when().post().then()
                .statusCode(200).extract().asString();
        return JSON.readTree(body).path("reminders");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
