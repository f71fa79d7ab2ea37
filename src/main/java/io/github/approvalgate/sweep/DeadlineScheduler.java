package io.github.approvalgate.sweep;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * Schedules each request's deadline check: a one-time EventBridge Scheduler schedule ({@code at(...)}, deleted once it
 * ran) named after the pipeline execution, whose input makes approval-sweep check exactly that execution. So a lost
 * event is delivered by the request's deadline however many executions the pipeline has.
 */
@ApplicationScoped
public class DeadlineScheduler {

    private static final Logger LOG = Logger.getLogger(DeadlineScheduler.class);
    /** Scheduler's {@code at()} takes {@code yyyy-mm-ddThh:mm:ss} in the schedule's time zone. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** Scheduler retries an invocation that fails to reach Lambda; the deadline margin leaves room for these. */
    private static final int MAX_RETRY_ATTEMPTS = 5;
    private static final int MAX_EVENT_AGE_SECONDS = 300;

    private final SchedulerClient scheduler;
    private final DeadlineConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    DeadlineScheduler(SchedulerClient scheduler, DeadlineConfig config, ObjectMapper json, Clock clock) {
        this.scheduler = scheduler;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** The schedule expression of a check due at {@code due} (rounded up to the second). */
    static String atExpression(Instant due) {
        Instant whole = due.truncatedTo(ChronoUnit.SECONDS);
        return "at(" + AT.format(whole.equals(due) ? whole : whole.plusSeconds(1)) + ")";
    }

    /**
     * Creates the check of an execution that has just started; a schedule of that name already there (a retried
     * request) is the same check.
     *
     * @throws DeadlineNotScheduledException when Scheduler refuses or cannot be reached
     */
    public void schedule(String pipeline, String executionId) {
        if (config.scheduleGroup().isEmpty()) {
            return;
        }
        String group = config.scheduleGroup().get();
        String target = config.targetArn().orElseThrow(() -> new IllegalStateException(
                "APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP is set but APPROVAL_GATE_DEADLINE_TARGET_ARN is not"));
        String role = config.roleArn().orElseThrow(() -> new IllegalStateException(
                "APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP is set but APPROVAL_GATE_DEADLINE_ROLE_ARN is not"));
        String expression = atExpression(clock.instant().plus(config.after()));
        String input = input(pipeline, executionId);
        try {
            scheduler.createSchedule(create -> create
                    .groupName(group)
                    .name(executionId)
                    .description("Approval Gate deadline check of one pipeline execution")
                    .scheduleExpression(expression)
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(to -> {
                        to.arn(target).roleArn(role).input(input).retryPolicy(retry -> retry
                                .maximumRetryAttempts(MAX_RETRY_ATTEMPTS)
                                .maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS));
                        config.deadLetterArn().ifPresent(queue -> to.deadLetterConfig(dlq -> dlq.arn(queue)));
                    }));
        } catch (ConflictException e) {
            LOG.infof("deadline check already scheduled: pipeline=%s execution_id=%s", pipeline, executionId);
            return;
        } catch (SdkException e) {
            throw new DeadlineNotScheduledException(executionId, e);
        }
        LOG.infof("deadline check scheduled: pipeline=%s execution_id=%s schedule=%s/%s %s", pipeline, executionId,
                group, executionId, expression);
    }

    private String input(String pipeline, String executionId) {
        try {
            return json.writeValueAsString(Map.of(ScheduledEvent.DEADLINE_CHECK, new DeadlineCheck(pipeline, executionId)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the deadline check's input", e);
        }
    }
}
