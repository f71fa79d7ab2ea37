package io.github.approvalgate.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.schedule.DeadlineConfig;
import io.github.approvalgate.schedule.DeadlineNotScheduledException;
import io.github.approvalgate.schedule.OneTimeSchedules;
import io.github.approvalgate.testing.LocalAwsClients;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.SchedulerClientBuilder;

/** The schedule expression, and what start-approval does when Scheduler cannot be reached or is not configured. */
class DeadlineSchedulerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T18:00:00.250Z");
    /** Nothing listens here: every call fails to connect. */
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:9");

    @Test
    void atExpressionIsUtcWithoutFractionsAndNeverEarly() {
        assertEquals("at(2026-12-09T18:05:00)", OneTimeSchedules.atExpression(Instant.parse("2026-12-09T18:05:00Z")));
        assertEquals("at(2026-12-09T18:05:01)",
                OneTimeSchedules.atExpression(Instant.parse("2026-12-09T18:05:00.001Z")));
    }

    @Test
    void aSchedulerThatCannotBeReachedFailsTheRequestRetryably() {
        try (SchedulerClient scheduler = unreachable()) {
            DeadlineScheduler deadlines = scheduler(scheduler, Map.of(
                    "approval-gate.deadline.schedule-group", "deadlines",
                    "approval-gate.deadline.target-arn", "arn:aws:lambda:us-east-1:123456789012:function:sweep:live",
                    "approval-gate.deadline.role-arn", "arn:aws:iam::123456789012:role/checks"));

            DeadlineNotScheduledException e = assertThrows(DeadlineNotScheduledException.class,
                    () -> deadlines.schedule("approval-pipeline", "11111111-2222-3333-4444-555555555555"));
            assertTrue(e.getMessage().contains("11111111-2222-3333-4444-555555555555"), e.getMessage());
            assertInstanceOf(SdkClientException.class, e.getCause());
        }
    }

    @Test
    void withoutAScheduleGroupNothingIsCalled() {
        try (SchedulerClient scheduler = unreachable()) {
            scheduler(scheduler, Map.of()).schedule("approval-pipeline", "11111111-2222-3333-4444-555555555555");
        }
    }

    @Test
    void aGroupWithoutTargetIsAConfigurationError() {
        try (SchedulerClient scheduler = unreachable()) {
            DeadlineScheduler deadlines = scheduler(scheduler, Map.of("approval-gate.deadline.schedule-group", "g"));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> deadlines.schedule("approval-pipeline", "id"));
            assertTrue(e.getMessage().contains("APPROVAL_GATE_DEADLINE_TARGET_ARN"), e.getMessage());
        }
    }

    private static SchedulerClient unreachable() {
        SchedulerClientBuilder builder = SchedulerClient.builder();
        return builder.region(LocalAwsClients.REGION).credentialsProvider(LocalAwsClients.CREDENTIALS)
                .endpointOverride(UNREACHABLE).overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    private static DeadlineScheduler scheduler(SchedulerClient client, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(all, "test", 300))
                .withMapping(DeadlineConfig.class)
                .build();
        DeadlineConfig deadlines = config.getConfigMapping(DeadlineConfig.class);
        return new DeadlineScheduler(new OneTimeSchedules(client, deadlines, new ObjectMapper()), deadlines,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
