package io.github.approvalgate.review;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConverseContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.GuardrailConverseContentQualifier;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** Asks Bedrock's Converse API for a verdict; every failure is an answer without one, never an exception. */
@ApplicationScoped
public class BedrockReviewer {

    private static final Logger LOG = Logger.getLogger(BedrockReviewer.class);

    private final BedrockRuntimeClient bedrock;

    BedrockReviewer(BedrockRuntimeClient bedrock) {
        this.bedrock = bedrock;
    }

    /** A Bedrock guardrail: its id (or ARN) and version. */
    public record Guardrail(String id, String version) {
    }

    /**
     * @param guardrail when present, Converse applies it, and the document goes in a {@code guardContent} block so that
     *        the guardrail evaluates exactly the document (user guide: Use a guardrail with the Converse API); the
     *        marker lines around it stay text
     */
    public ModelAnswer review(String modelId, ReviewPrompt prompt, int maxTokens, Optional<Guardrail> guardrail) {
        List<ContentBlock> user = guardrail.isEmpty()
                ? List.of(ContentBlock.fromText(prompt.user()))
                : List.of(ContentBlock.fromText(prompt.opening()),
                        ContentBlock.fromGuardContent(GuardrailConverseContentBlock.fromText(text -> text
                                .text(prompt.document()).qualifiers(GuardrailConverseContentQualifier.GUARD_CONTENT))),
                        ContentBlock.fromText(prompt.closing()));
        ConverseResponse response;
        try {
            response = bedrock.converse(converse -> {
                converse.modelId(modelId)
                        .system(SystemContentBlock.fromText(prompt.system()))
                        .messages(message -> message.role(ConversationRole.USER).content(user))
                        .toolConfig(VerdictTool.configuration())
                        .inferenceConfig(inference -> inference.maxTokens(maxTokens).temperature(0f));
                guardrail.ifPresent(g -> converse.guardrailConfig(config -> config
                        .guardrailIdentifier(g.id()).guardrailVersion(g.version())));
            });
        } catch (AwsServiceException e) {
            return ModelAnswer.failed("Bedrock answered " + AwsErrors.code(e) + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            // Client-side: the call or an attempt timed out, or the endpoint could not be reached.
            return ModelAnswer.failed("Bedrock could not be called: " + e.getClass().getSimpleName());
        }
        if (response.usage() != null) {
            LOG.infof("bedrock converse: model=%s stop_reason=%s input_tokens=%d output_tokens=%d latency_ms=%s", modelId,
                    response.stopReasonAsString(), response.usage().inputTokens(), response.usage().outputTokens(),
                    response.metrics() == null ? null : response.metrics().latencyMs());
        }
        return VerdictTool.read(response);
    }
}
