package io.github.approvalgate.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an approval that waits gets its reminders: step {@code k} (1 to {@link #count()}) is due {@code k x interval}
 * after it started waiting; with an escalation topic, step {@code count + 1} is the escalation. A check sends only the
 * latest step due, so a late check never sends a burst.
 */
public record ReminderPlan(Duration interval, int count, boolean escalates) {

    public ReminderPlan {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("reminder interval must be positive, got " + interval);
        }
        if (count < 0 || count > ReminderConfig.MAX_COUNT) {
            throw new IllegalArgumentException("reminder count must be 0 to " + ReminderConfig.MAX_COUNT + ", got "
                    + count);
        }
    }

    /** The plan the configuration asks for; empty when reminders are off (no interval, or nothing to send). */
    public static Optional<ReminderPlan> of(ReminderConfig config) {
        Optional<Duration> interval = config.after().filter(after -> !after.isZero() && !after.isNegative());
        boolean escalates = config.escalationTopicArn().filter(arn -> !arn.isBlank()).isPresent();
        if (interval.isEmpty() || (config.count() == 0 && !escalates)) {
            return Optional.empty();
        }
        return Optional.of(new ReminderPlan(interval.get(), config.count(), escalates));
    }

    /** The last step: the escalation, or the last reminder. */
    public int lastStep() {
        return count + (escalates ? 1 : 0);
    }

    public boolean isEscalation(int step) {
        return escalates && step == count + 1;
    }

    /** The latest step due at {@code now} for an approval waiting since {@code since}; 0 when none is due yet. */
    public int dueStep(Instant since, Instant now) {
        if (now.isBefore(since)) {
            return 0;
        }
        long elapsed = Duration.between(since, now).toMillis() / interval.toMillis();
        return (int) Math.min(elapsed, lastStep());
    }

    /** When the step after {@code step} is due; empty after the last one. */
    public Optional<Instant> nextDue(Instant since, int step) {
        return step >= lastStep() ? Optional.empty() : Optional.of(since.plus(interval.multipliedBy(step + 1L)));
    }

    /**
     * Most checks in one execution's chain: every step of every approval action (actions of one stage may start at
     * slightly different times, so each can need its own check), plus two per action for checks that find nothing due
     * (the first one, before its stage starts, between stages, waiting for an exhausted stage to end).
     */
    public int maxChecks(int approvalActions) {
        return Math.max(1, approvalActions) * (lastStep() + 2);
    }

    /**
     * How far after its due time Scheduler may run a check (a flexible window spreads thousands of checks due at once):
     * a quarter of the interval, at most 15 minutes, none below 4 minutes.
     */
    public int flexibleWindowMinutes() {
        return flexibleWindowMinutes(interval);
    }

    static int flexibleWindowMinutes(Duration interval) {
        return (int) Math.min(15, interval.toMinutes() / 4);
    }
}
