package io.github.approvalgate.startup;

import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds every AWS SDK client bean at init (when {@link StartupPriming} runs) instead of on the first call that uses it.
 *
 * <p>
 * Building a client reads configuration (region from {@code AWS_REGION}, endpoint overrides), loads the service's
 * model, marshallers and interceptors, and creates the HTTP client: no network. What must be fresh in each restored
 * environment stays lazy inside the client, untouched here: credentials (the default chain resolves them on the first
 * call; any resolved at init would sit in a snapshot restored hours later, stale and shared by every restored
 * environment) and connections (the url-connection client opens them on the first call; a socket kept in a snapshot
 * would be dead after a restore).
 */
@ApplicationScoped
public class EagerSdkClients {

    private static final Logger LOG = Logger.getLogger(EagerSdkClients.class);

    private final Instance<SdkClient> produced;
    private final Instance<S3Client> s3;

    EagerSdkClients(@Any Instance<SdkClient> produced, Instance<S3Client> s3) {
        this.produced = produced;
        this.s3 = s3;
    }

    void build() {
        // The extension's S3Client is a synthetic bean whose only type is S3Client: SdkClient does not find it.
        Stream.concat(produced.stream(), s3.stream()).distinct().forEach(EagerSdkClients::build);
    }

    private static void build(SdkClient client) {
        try {
            // Any method of the client proxy creates the bean; serviceName() does nothing more.
            LOG.debugf("SDK client ready at init: %s", client.serviceName());
        } catch (RuntimeException e) {
            // Never fail init for this: the first call builds the client again and reports the problem itself.
            LOG.warnf("SDK client not built at init (%s); the first call will try again", e.getMessage());
        }
    }
}
