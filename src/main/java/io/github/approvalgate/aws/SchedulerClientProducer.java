package io.github.approvalgate.aws;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.ConfigMapping;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/** Produces the EventBridge Scheduler client (no Quarkus extension exists for it). */
@ApplicationScoped
public class SchedulerClientProducer {

    @ConfigMapping(prefix = "approval-gate.scheduler")
    public interface SchedulerEndpoint {
        /** Local emulator or VPC endpoint; when absent the SDK's {@code AWS_ENDPOINT_URL_SCHEDULER} rules apply. */
        Optional<URI> endpointOverride();
    }

    @Produces
    @ApplicationScoped
    SchedulerClient schedulerClient(SchedulerEndpoint endpoint) {
        return SyncClients.build(SchedulerClient.builder(), endpoint.endpointOverride());
    }

    void close(@Disposes SchedulerClient client) {
        client.close();
    }
}
