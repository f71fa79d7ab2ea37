package io.github.approvalgate.testing.quarkus;

import java.util.HashMap;
import java.util.Map;

import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.bedrock.BedrockStandIn;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition;

/**
 * {@link LocalAwsTestResource} plus the Bedrock stand-in and a pipeline shaped like the template's in
 * {@code AiThenHuman} mode (Source → AiReview → Approval → Deploy), which ai-review is configured for.
 */
public class AiReviewTestResource extends LocalAwsTestResource {

    public static final String AI_PIPELINE = "ai-approval-pipeline";
    public static final String MODEL = "amazon.nova-lite-v1:0";

    private static BedrockStandIn bedrock;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        bedrock = new BedrockStandIn();
        codePipeline().definePipeline(TemplatePipeline.definition(AI_PIPELINE, BUCKET, KEY, ReviewMode.AI_THEN_HUMAN)
                .withExecutionMode(PipelineDefinition.PARALLEL));
        config.put("approval-gate.bedrock.endpoint-override", bedrock.endpoint().toString());
        config.put("approval-gate.ai.model-id", MODEL);
        config.put("approval-gate.pipeline.name", AI_PIPELINE);
        return config;
    }

    @Override
    public void stop() {
        if (bedrock != null) {
            bedrock.close();
        }
        super.stop();
    }

    public static BedrockStandIn bedrock() {
        return bedrock;
    }
}
