package io.github.approvalgate.aws;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.ConfigMapping;
import software.amazon.awssdk.services.sns.SnsClient;

/** Produces the SNS client ai-review tells a person with when it escalates (produced like the CodePipeline client). */
@ApplicationScoped
public class SnsClientProducer {

    @ConfigMapping(prefix = "approval-gate.sns")
    public interface SnsEndpoint {
        /** Local emulator or VPC endpoint; when absent the SDK's {@code AWS_ENDPOINT_URL_SNS} rules apply. */
        Optional<URI> endpointOverride();
    }

    @Produces
    @ApplicationScoped
    SnsClient snsClient(SnsEndpoint endpoint) {
        return SyncClients.build(SnsClient.builder(), endpoint.endpointOverride());
    }

    void close(@Disposes SnsClient client) {
        client.close();
    }
}
