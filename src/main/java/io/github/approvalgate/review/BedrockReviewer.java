package io.github.approvalgate.review;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** Asks Bedrock's Converse API for a verdict; every failure is an answer without one, never an exception. */
@ApplicationScoped
public class BedrockReviewer {

    private static final Logger LOG = Logger.getLogger(BedrockReviewer.class);

    private final BedrockRuntimeClient bedrock;

    BedrockReviewer(BedrockRuntimeClient bedrock) {
        this.bedrock = bedrock;
    }

    public ModelAnswer review(String modelId, ReviewPrompt prompt, int maxTokens) {
        ConverseResponse response;
        try {
            response = bedrock.converse(converse -> converse
                    .modelId(modelId)
                    .system(SystemContentBlock.fromText(prompt.system()))
                    .messages(message -> message.role(ConversationRole.USER).content(content -> content.text(prompt.user())))
                    .toolConfig(VerdictTool.configuration())
                    .inferenceConfig(inference -> inference.maxTokens(maxTokens).temperature(0f)));
        } catch (AwsServiceException e) {
            return ModelAnswer.none("Bedrock answered " + AwsErrors.code(e) + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            // Client-side: the call or an attempt timed out, or the endpoint could not be reached.
            return ModelAnswer.none("Bedrock could not be called: " + e.getClass().getSimpleName());
        }
        if (response.usage() != null) {
            LOG.infof("bedrock converse: model=%s stop_reason=%s input_tokens=%d output_tokens=%d latency_ms=%s", modelId,
                    response.stopReasonAsString(), response.usage().inputTokens(), response.usage().outputTokens(),
                    response.metrics() == null ? null : response.metrics().latencyMs());
        }
        return VerdictTool.read(response);
    }
}
