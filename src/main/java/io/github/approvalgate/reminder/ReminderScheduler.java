package io.github.approvalgate.reminder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.schedule.DeadlineNotScheduledException;
import io.github.approvalgate.schedule.OneTimeSchedules;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The chain of reminder checks of one execution: start-approval schedules the first one interval after the start, and
 * each check schedules the next (in the deadline checks' schedule group, with the same role and dead-letter queue).
 */
@ApplicationScoped
public class ReminderScheduler {

    private static final Logger LOG = Logger.getLogger(ReminderScheduler.class);
    private static final String DESCRIPTION = "Approval Gate reminder check of one pipeline execution";
    /**
     * The first check comes this much later than one interval after the start: the approvals start waiting only after
     * the Source stage, and a check before their first step is due would cost a check more.
     */
    static final Duration SOURCE_MARGIN = Duration.ofMinutes(2);

    private final OneTimeSchedules schedules;
    /** start-approval is told only the interval: a chain with nothing to send ends at its first check. */
    private final Optional<Duration> interval;
    private final Clock clock;

    ReminderScheduler(OneTimeSchedules schedules, ReminderConfig config, Clock clock) {
        this.schedules = schedules;
        this.interval = config.after().filter(after -> !after.isZero() && !after.isNegative());
        this.clock = clock;
    }

    /**
     * The first check of an execution that has just started (its approvals start waiting moments later); a retried
     * request finds it there already.
     *
     * @throws DeadlineNotScheduledException when Scheduler refuses or cannot be reached (the state machine retries)
     */
    public void scheduleFirst(String pipeline, String executionId) {
        if (interval.isEmpty() || !schedules.enabled()) {
            return;
        }
        ReminderCheck first = new ReminderCheck(pipeline, executionId, 1, schedules.roleArn());
        try {
            create(first, clock.instant().plus(interval.get()).plus(SOURCE_MARGIN), null);
        } catch (SdkException e) {
            throw new DeadlineNotScheduledException("the first reminder check", executionId, e);
        }
    }

    /** The check after {@code check}, due at {@code due}, invoking {@code target} (the function running the check). */
    void scheduleNext(ReminderCheck check, Instant due, String target) {
        create(new ReminderCheck(check.pipeline(), check.pipelineExecutionId(), check.check() + 1,
                check.schedulerRoleArn()), due, target);
    }

    private void create(ReminderCheck check, Instant due, String target) {
        boolean created = schedules.create(check.scheduleName(), DESCRIPTION, due,
                ReminderPlan.flexibleWindowMinutes(interval.orElseThrow()), Map.of(ReminderCheck.INPUT_KEY, check),
                target, check.schedulerRoleArn());
        LOG.infof("reminder check %s: pipeline=%s execution_id=%s check=%d due=%s", created ? "scheduled"
                : "already scheduled", check.pipeline(), check.pipelineExecutionId(), check.check(), due);
    }
}
