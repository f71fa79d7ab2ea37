package io.github.approvalgate.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** When each reminder step is due, when reminders are off, and the bounds of one execution's chain. */
class ReminderPlanTest {

    private static final Instant SINCE = Instant.parse("2026-12-03T09:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void stepKIsDueKIntervalsAfterTheApprovalStartedWaiting() {
        ReminderPlan plan = new ReminderPlan(HOUR, 3, false);

        assertEquals(0, plan.dueStep(SINCE, SINCE.plus(HOUR).minusMillis(1)));
        assertEquals(1, plan.dueStep(SINCE, SINCE.plus(HOUR)));
        assertEquals(2, plan.dueStep(SINCE, SINCE.plus(HOUR.multipliedBy(2)).plusSeconds(59)));
        assertEquals(3, plan.dueStep(SINCE, SINCE.plus(HOUR.multipliedBy(3))));
        assertEquals(3, plan.dueStep(SINCE, SINCE.plus(Duration.ofDays(30))), "never beyond the count");
        assertEquals(0, plan.dueStep(SINCE, SINCE.minusSeconds(1)), "a clock behind the action's start");

        assertEquals(Optional.of(SINCE.plus(HOUR)), plan.nextDue(SINCE, 0));
        assertEquals(Optional.of(SINCE.plus(HOUR.multipliedBy(3))), plan.nextDue(SINCE, 2));
        assertEquals(Optional.empty(), plan.nextDue(SINCE, 3));
    }

    /** Checks run at each next due time: exactly {@code count} steps, at 1, 2, 3 intervals, each once. */
    @Test
    void aChainOfChecksAtTheNextDueTimesSendsEachStepOnce() {
        ReminderPlan plan = new ReminderPlan(HOUR, 3, true);
        List<Integer> sent = new ArrayList<>();
        List<Instant> at = new ArrayList<>();
        Optional<Instant> next = Optional.of(SINCE.plus(HOUR));
        int checks = 0;
        while (next.isPresent()) {
            checks++;
            int step = plan.dueStep(SINCE, next.get());
            sent.add(step);
            at.add(next.get());
            next = plan.nextDue(SINCE, step);
        }
        assertEquals(List.of(1, 2, 3, 4), sent);
        assertTrue(plan.isEscalation(4) && !plan.isEscalation(3));
        assertEquals(List.of(SINCE.plus(HOUR), SINCE.plus(HOUR.multipliedBy(2)), SINCE.plus(HOUR.multipliedBy(3)),
                SINCE.plus(HOUR.multipliedBy(4))), at);
        assertTrue(checks <= plan.maxChecks(1));
    }

    @Test
    void aLateCheckSendsOnlyTheLatestStepDue() {
        ReminderPlan plan = new ReminderPlan(HOUR, 5, false);
        assertEquals(4, plan.dueStep(SINCE, SINCE.plus(Duration.ofMinutes(250))));
        assertEquals(Optional.of(SINCE.plus(HOUR.multipliedBy(5))), plan.nextDue(SINCE, 4));
    }

    @Test
    void remindersAreOffWithoutAnIntervalOrWithNothingToSend() {
        assertTrue(plan(Map.of()).isEmpty());
        assertTrue(plan(Map.of("approval-gate.reminder.after", "PT0S")).isEmpty());
        assertTrue(plan(Map.of("approval-gate.reminder.after", "PT1H", "approval-gate.reminder.count", "0")).isEmpty());
        assertTrue(plan(Map.of("approval-gate.reminder.after", "PT1H", "approval-gate.reminder.escalation-topic-arn",
                "")).isPresent(), "the default count");
        ReminderPlan escalationOnly = plan(Map.of("approval-gate.reminder.after", "PT1H", "approval-gate.reminder.count",
                "0", "approval-gate.reminder.escalation-topic-arn", "arn:aws:sns:us-east-1:123456789012:oncall"))
                .orElseThrow();
        assertEquals(1, escalationOnly.lastStep());
        assertTrue(escalationOnly.isEscalation(1));
    }

    @Test
    void badCountsAndIntervalsAreRefusedWithTheirValue() {
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new ReminderPlan(HOUR, 11, false));
        assertTrue(count.getMessage().contains("0 to 10, got 11"), count.getMessage());
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> new ReminderPlan(Duration.ofMinutes(-5), 3, false));
        assertTrue(interval.getMessage().contains("PT-5M"), interval.getMessage());
    }

    @Test
    void theChainAndItsFlexibleWindowAreBounded() {
        ReminderPlan most = new ReminderPlan(Duration.ofMinutes(5), ReminderConfig.MAX_COUNT, true);
        assertEquals(3 * 13, most.maxChecks(3), "3 groups, 10 reminders and the escalation");
        assertEquals(13, most.maxChecks(0), "no configured actions counts as one");
        assertEquals(1, most.flexibleWindowMinutes());
        assertEquals(0, new ReminderPlan(Duration.ofMinutes(3), 1, false).flexibleWindowMinutes());
        assertEquals(15, new ReminderPlan(Duration.ofDays(1), 1, false).flexibleWindowMinutes());
    }

    @Test
    void waitedIsWrittenInDaysHoursAndMinutes() {
        assertEquals("0 min", ReminderNotice.waited(Duration.ofSeconds(59)));
        assertEquals("2 h 5 min", ReminderNotice.waited(Duration.ofMinutes(125)));
        assertEquals("3 d 0 h 1 min", ReminderNotice.waited(Duration.ofDays(3).plusMinutes(1)));
        assertFalse(ReminderNotice.waited(Duration.ofSeconds(-5)).startsWith("-"));
    }

    private static Optional<ReminderPlan> plan(Map<String, String> properties) {
        return ReminderPlan.of(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .withMapping(ReminderConfig.class)
                .build().getConfigMapping(ReminderConfig.class));
    }
}
