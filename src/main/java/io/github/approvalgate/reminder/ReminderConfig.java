package io.github.approvalgate.reminder;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Reminders for approvals nobody has decided ({@code APPROVAL_GATE_REMINDER_*} in start-approval's and
 * approval-sweep's environment).
 */
@ConfigMapping(prefix = "approval-gate.reminder")
public interface ReminderConfig {

    /** Most reminders per approval: the template's {@code ReminderCount} allows 0 to this many. */
    int MAX_COUNT = 10;

    /**
     * From an approval starting to wait to its first reminder, and between two reminders. Absent or zero: no
     * reminders.
     */
    Optional<Duration> after();

    /** Reminders per waiting approval action, 0 to {@link #MAX_COUNT}. */
    @WithDefault("3")
    int count();

    /** Where one more message goes, one interval after the last reminder, if the approval still waits. */
    Optional<String> escalationTopicArn();

    /** How long one approval action waits before it expires (the actions' {@code TimeoutInMinutes}). */
    @WithDefault("P7D")
    Duration approvalTimeout();
}
