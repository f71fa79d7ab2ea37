package io.github.approvalgate.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * One-time EventBridge Scheduler schedules ({@code at(...)}, deleted once they ran) in the deadline check group that
 * invoke approval-sweep with a fixed input: each request's deadline check and its reminder checks.
 */
@ApplicationScoped
public class OneTimeSchedules {

    /** Scheduler's {@code at()} takes {@code yyyy-mm-ddThh:mm:ss} in the schedule's time zone. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** Scheduler retries an invocation that fails to reach Lambda; the deadline margin leaves room for these. */
    private static final int MAX_RETRY_ATTEMPTS = 5;
    private static final int MAX_EVENT_AGE_SECONDS = 300;

    private final SchedulerClient scheduler;
    private final DeadlineConfig config;
    private final ObjectMapper json;

    public OneTimeSchedules(SchedulerClient scheduler, DeadlineConfig config, ObjectMapper json) {
        this.scheduler = scheduler;
        this.config = config;
        this.json = json;
    }

    /** Whether schedules are configured at all (the template always sets the group). */
    public boolean enabled() {
        return config.scheduleGroup().isPresent();
    }

    /** The schedule expression of a check due at {@code due} (rounded up to the second). */
    public static String atExpression(Instant due) {
        Instant whole = due.truncatedTo(ChronoUnit.SECONDS);
        return "at(" + AT.format(whole.equals(due) ? whole : whole.plusSeconds(1)) + ")";
    }

    /**
     * Creates the schedule {@code name} invoking {@code target} with {@code input} as JSON at {@code due}, or within
     * {@code flexibleMinutes} after it (0: exactly then), Scheduler assuming {@code role}; a null target or role is the
     * configured one.
     *
     * @return false when a schedule of that name already exists (the same check, asked for twice)
     * @throws software.amazon.awssdk.core.exception.SdkException when Scheduler refuses or cannot be reached
     */
    public boolean create(String name, String description, Instant due, int flexibleMinutes, Object input,
            String target, String role) {
        String group = config.scheduleGroup().orElseThrow(() -> new IllegalStateException(
                "no schedule group: set APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP"));
        String arn = target != null ? target
                : config.targetArn().orElseThrow(() -> new IllegalStateException(
                        "APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP is set but APPROVAL_GATE_DEADLINE_TARGET_ARN is not"));
        String assumed = role != null ? role : roleArn();
        String body = write(input);
        try {
            scheduler.createSchedule(create -> create
                    .groupName(group)
                    .name(name)
                    .description(description)
                    .scheduleExpression(atExpression(due))
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(window -> {
                        if (flexibleMinutes > 0) {
                            window.mode(FlexibleTimeWindowMode.FLEXIBLE).maximumWindowInMinutes(flexibleMinutes);
                        } else {
                            window.mode(FlexibleTimeWindowMode.OFF);
                        }
                    })
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(to -> {
                        to.arn(arn).roleArn(assumed).input(body).retryPolicy(retry -> retry
                                .maximumRetryAttempts(MAX_RETRY_ATTEMPTS)
                                .maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS));
                        config.deadLetterArn().ifPresent(queue -> to.deadLetterConfig(dlq -> dlq.arn(queue)));
                    }));
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    /** The role Scheduler assumes to invoke the target. */
    public String roleArn() {
        return config.roleArn().orElseThrow(() -> new IllegalStateException(
                "APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP is set but APPROVAL_GATE_DEADLINE_ROLE_ARN is not"));
    }

    /** The group the schedules are created in. */
    public String group() {
        return config.scheduleGroup().orElse(null);
    }

    private String write(Object input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a schedule's input", e);
        }
    }
}
