package io.github.approvalgate.aws;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.smallrye.config.ConfigMapping;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** Produces the CodePipeline client: there is no Quarkus extension for CodePipeline. */
@ApplicationScoped
public class CodePipelineClientProducer {

    @ConfigMapping(prefix = "approval-gate.codepipeline")
    public interface CodePipelineEndpoint {
        /** Local stand-in or VPC endpoint; when absent the SDK's {@code AWS_ENDPOINT_URL_CODEPIPELINE} rules apply. */
        Optional<URI> endpointOverride();
    }

    @Produces
    @ApplicationScoped
    CodePipelineClient codePipelineClient(CodePipelineEndpoint endpoint) {
        return SyncClients.build(CodePipelineClient.builder(), endpoint.endpointOverride());
    }

    void close(@Disposes CodePipelineClient client) {
        client.close();
    }
}
