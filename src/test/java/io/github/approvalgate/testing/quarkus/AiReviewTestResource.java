package io.github.approvalgate.testing.quarkus;

import java.util.HashMap;
import java.util.Map;

import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.bedrock.BedrockStandIn;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition;
import io.github.approvalgate.testing.moto.TopicInbox;

/**
 * {@link LocalAwsTestResource} plus the Bedrock stand-in and a pipeline shaped like the template's in
 * {@code AiThenHuman} mode (Source → AiReview → Approval → Deploy), which ai-review is configured for.
 */
public class AiReviewTestResource extends LocalAwsTestResource {

    public static final String AI_PIPELINE = "ai-approval-pipeline";
    public static final String MODEL = "amazon.nova-lite-v1:0";

    private static BedrockStandIn bedrock;
    private static TopicInbox approvalTopic;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        bedrock = new BedrockStandIn();
        codePipeline().definePipeline(TemplatePipeline.definition(AI_PIPELINE, BUCKET, KEY, ReviewMode.AI_THEN_HUMAN)
                .withExecutionMode(PipelineDefinition.PARALLEL));
        config.put("approval-gate.bedrock.endpoint-override", bedrock.endpoint().toString());
        config.put("approval-gate.ai.model-id", MODEL);
        approvalTopic = new TopicInbox(moto().endpoint());
        config.put("approval-gate.sns.endpoint-override", moto().endpoint().toString());
        config.put("approval-gate.ai.notification-topic-arn", approvalTopic.topicArn());
        config.put("approval-gate.pipeline.names", AI_PIPELINE);
        return config;
    }

    @Override
    public void stop() {
        if (bedrock != null) {
            bedrock.close();
        }
        if (approvalTopic != null) {
            approvalTopic.close();
        }
        super.stop();
    }

    /** The approval notification topic ai-review tells a person on when it escalates. */
    public static TopicInbox approvalTopic() {
        return approvalTopic;
    }

    public static BedrockStandIn bedrock() {
        return bedrock;
    }
}
