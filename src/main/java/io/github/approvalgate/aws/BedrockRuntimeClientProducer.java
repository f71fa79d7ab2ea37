package io.github.approvalgate.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Produces the Bedrock Runtime client for the AI reviewer. Every call is bounded: one attempt cannot outlast
 * {@code attempt-timeout}, all attempts together cannot outlast {@code api-call-timeout}, and a throttled or failed call
 * is tried at most {@code max-attempts} times. A call that runs out of time is no decision, never a retry loop.
 */
@ApplicationScoped
public class BedrockRuntimeClientProducer {

    @ConfigMapping(prefix = "approval-gate.bedrock")
    public interface BedrockClientConfig {
        /** Local stand-in or VPC endpoint; when absent the SDK's {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME} rules apply. */
        Optional<URI> endpointOverride();

        /** The longest one Converse attempt may take. */
        @WithDefault("PT25S")
        Duration attemptTimeout();

        /** The longest a Converse call may take, all attempts and back-off included; keep it below the function's timeout. */
        @WithDefault("PT50S")
        Duration apiCallTimeout();

        /** Attempts per call, the first included (the SDK's standard strategy retries throttling and 5xx only). */
        @WithDefault("2")
        int maxAttempts();
    }

    @Produces
    @ApplicationScoped
    BedrockRuntimeClient bedrockRuntimeClient(BedrockClientConfig config) {
        var builder = BedrockRuntimeClient.builder().overrideConfiguration(override -> override
                .apiCallAttemptTimeout(config.attemptTimeout())
                .apiCallTimeout(config.apiCallTimeout())
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts())
                        .build()));
        return SyncClients.build(builder, config.endpointOverride());
    }

    void close(@Disposes BedrockRuntimeClient client) {
        client.close();
    }
}
