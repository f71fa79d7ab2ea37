package io.github.approvalgate.it;

import static io.github.approvalgate.it.LocalApprovalLoop.BUCKET;
import static io.github.approvalgate.it.LocalApprovalLoop.KEY;
import static io.github.approvalgate.it.LocalApprovalLoop.PIPELINE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.lambda.InvokeResult;
import io.github.approvalgate.testing.moto.TopicInbox.Notice;

/**
 * Reminders through the packaged functions (Lambda's runtime interface client): start-approval schedules the first
 * check, the packaged approval-sweep runs it with the stored schedule's input (moto never runs schedules), reminds the
 * approval action's topic in moto once per step, and schedules the next check for the function it was invoked as.
 * Steps 3 seconds apart, so the test waits seconds, not hours (the functions read the system clock).
 */
class ReminderLoopIT {

    private static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalApprovalLoop loop;

    @BeforeAll
    static void start() {
        loop = LocalApprovalLoop.startWithReminders(Path.of("target", "function.zip"), INTERVAL, 2);
    }

    @AfterAll
    static void stop() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void aWaitingApprovalIsRemindedOncePerStepAndNotAfterItsDecision() throws Exception {
        JsonNode input = SampleEvents.load("step-functions-input.json");
        ((ObjectNode) input).put("confirmation_file_content", "remind me").put("s3_bucket_name", BUCKET)
                .put("s3_bucket_key", KEY);
        String workflow = loop.startWorkflow(input.toString());
        PendingApproval pending = await().atMost(LocalApprovalLoop.patience())
                .until(() -> loop.pendingApprovalOf(workflow), java.util.Optional::isPresent).orElseThrow();
        String execution = pending.executionId();
        await().atMost(LocalApprovalLoop.patience()).until(() -> loop.reminderCheckTarget(execution, 1).isPresent());

        awaitWaited(pending, INTERVAL);
        JsonNode first = reminders(loop.reminderCheck(execution, 1));
        assertEquals(List.of("Approval/Approval#1"), strings(first.path("sent")), first.toString());
        JsonNode again = reminders(loop.reminderCheck(execution, 1));
        assertEquals(1, again.path("already_sent").asInt(), "a check run twice sends nothing twice");
        String next = loop.reminderCheckTarget(execution, 2).orElseThrow();
        assertTrue(next.contains(":function:" + ApprovalSweepHandler.NAME), "the function the check ran as: " + next);

        List<Notice> notices = loop.approvalTopic().notices();
        assertEquals(1, notices.size(), notices::toString);
        assertEquals("Reminder 1 of 2: approval waiting in " + PIPELINE, notices.getFirst().subject());
        String message = notices.getFirst().message();
        assertTrue(message.contains("Execution: " + execution), message);
        assertFalse(message.contains(loop.taskTokenOf(workflow).orElseThrow()), "no task token");
        assertFalse(message.contains(pending.token()), "no approval token");

        loop.codePipeline().approve(PIPELINE, execution, "fine");
        awaitWaited(pending, INTERVAL.multipliedBy(2));
        JsonNode afterDecision = reminders(loop.reminderCheck(execution, 2));
        assertEquals(List.of(), strings(afterDecision.path("sent")), afterDecision.toString());
        assertEquals(List.of(), strings(afterDecision.path("waiting")), afterDecision.toString());
        assertEquals(1, loop.approvalTopic().notices().size(), "none after the decision");
        loop.awaitForwarded();
    }

    /** Waits (no assertion on time) until the approval has waited at least {@code waited}. */
    private static void awaitWaited(PendingApproval pending, Duration waited) {
        await().atMost(LocalApprovalLoop.patience()).pollInterval(Duration.ofMillis(200))
                .until(() -> !Instant.now().isBefore(pending.since().plus(waited)));
    }

    private static JsonNode reminders(InvokeResult result) throws Exception {
        assertFalse(result.isError(), result.payload());
        return JSON.readTree(result.payload()).path("reminders");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
