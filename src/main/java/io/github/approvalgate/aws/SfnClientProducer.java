package io.github.approvalgate.aws;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.ConfigMapping;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Produces the Step Functions client.
 *
 * <p>
 * {@code quarkus-amazon-sfn} does not resolve from the registry this project builds against. Once it does, delete this
 * file, add the extension and rename {@code approval-gate.sfn.endpoint-override} to {@code quarkus.sfn.endpoint-override}:
 * every injection point stays as it is.
 */
@ApplicationScoped
public class SfnClientProducer {

    @ConfigMapping(prefix = "approval-gate.sfn")
    public interface SfnEndpoint {
        /** Local emulator or VPC endpoint; when absent the SDK's {@code AWS_ENDPOINT_URL_SFN} rules apply. */
        Optional<URI> endpointOverride();
    }

    @Produces
    @ApplicationScoped
    SfnClient sfnClient(SfnEndpoint endpoint) {
        return SyncClients.build(SfnClient.builder(), endpoint.endpointOverride());
    }

    void close(@Disposes SfnClient client) {
        client.close();
    }
}
