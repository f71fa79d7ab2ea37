package io.github.approvalgate.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.schedule.DeadlineConfig;
import io.github.approvalgate.schedule.DeadlineNotScheduledException;
import io.github.approvalgate.schedule.OneTimeSchedules;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Schedules each request's deadline check: a one-time EventBridge Scheduler schedule ({@code at(...)}, deleted once it
 * ran) named after the pipeline execution, whose input makes approval-sweep check exactly that execution. So a lost
 * event is delivered by the request's deadline however many executions the pipeline has.
 */
@ApplicationScoped
public class DeadlineScheduler {

    private static final Logger LOG = Logger.getLogger(DeadlineScheduler.class);

    private final OneTimeSchedules schedules;
    private final DeadlineConfig config;
    private final Clock clock;

    DeadlineScheduler(OneTimeSchedules schedules, DeadlineConfig config, Clock clock) {
        this.schedules = schedules;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the check of an execution that has just started; a schedule of that name already there (a retried
     * request) is the same check.
     *
     * @throws DeadlineNotScheduledException when Scheduler refuses or cannot be reached
     */
    public void schedule(String pipeline, String executionId) {
        if (!schedules.enabled()) {
            return;
        }
        Instant due = clock.instant().plus(config.after());
        boolean created;
        try {
            created = schedules.create(executionId, "Approval Gate deadline check of one pipeline execution", due, 0,
                    Map.of(ScheduledEvent.DEADLINE_CHECK, new DeadlineCheck(pipeline, executionId)), null, null);
        } catch (SdkException e) {
            throw new DeadlineNotScheduledException(executionId, e);
        }
        if (!created) {
            LOG.infof("deadline check already scheduled: pipeline=%s execution_id=%s", pipeline, executionId);
            return;
        }
        LOG.infof("deadline check scheduled: pipeline=%s execution_id=%s schedule=%s/%s %s", pipeline, executionId,
                schedules.group(), executionId, OneTimeSchedules.atExpression(due));
    }
}
