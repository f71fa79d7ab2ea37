package io.github.approvalgate.aws;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Shared set-up for the SDK clients we build ourselves.
 *
 * <p>
 * The url-connection HTTP client keeps the native image small and starts fast. Region and credentials come from the
 * SDK's default chains, resolved lazily on the first call, so nothing touches the network at start-up. Without an
 * explicit override the SDK itself honours {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>}.
 */
final class SyncClients {

    private SyncClients() {
    }

    static <B extends AwsSyncClientBuilder<B, C> & SdkClientBuilder<B, C>, C> C build(B builder,
            Optional<URI> endpointOverride) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
