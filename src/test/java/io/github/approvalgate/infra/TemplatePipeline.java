package io.github.approvalgate.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.testing.codepipeline.PipelineDefinition;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition.Action;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition.ActionType;

/**
 * The template's {@code ApprovalPipeline} as the CodePipeline stand-in runs it: the one place where the stand-in's
 * pipelines meet the template. Its stages for a review mode as the template's conditions select them, each action's
 * type and configuration as declared (references to stack resources and parameters resolved to local values), its
 * declared variables with their defaults, and the execution mode it declares.
 */
public final class TemplatePipeline {

    private TemplatePipeline() {
    }

    /** The pipeline in the {@code Human} review mode: Source (S3 bucket/key) → Approval → Deploy. */
    public static PipelineDefinition definition(String name, String sourceBucket, String sourceKey) {
        return definition(name, sourceBucket, sourceKey, ReviewMode.HUMAN);
    }

    /** The pipeline with the approval stages of a review mode ({@code AiReview}, {@code Approval}). */
    public static PipelineDefinition definition(String name, String sourceBucket, String sourceKey, ReviewMode reviewMode) {
        return definition(name, sourceBucket, sourceKey, reviewMode,
                InfraTemplate.load().parameter("ApproverGroups").path("Default").asText());
    }

    /** The pipeline for a review mode and an {@code ApproverGroups} value (one approval action per group). */
    public static PipelineDefinition definition(String name, String sourceBucket, String sourceKey, ReviewMode reviewMode,
            String approverGroups) {
        InfraTemplate template = InfraTemplate.load();
        JsonNode declared = template.resource(InfraTemplate.PIPELINE_RESOURCE).path("Properties");
        if (!"V2".equals(declared.path("PipelineType").asText())) {
            throw new IllegalStateException("the stand-in runs V2 pipelines; the template declares "
                    + declared.path("PipelineType"));
        }
        List<Action> actions = new ArrayList<>();
        for (JsonNode stage : template.pipelineStages(reviewMode.parameterValue(), approverGroups)) {
            for (JsonNode action : stage.path("Actions")) {
                JsonNode type = action.path("ActionTypeId");
                actions.add(new Action(stage.path("Name").asText(), action.path("Name").asText(),
                        new ActionType(type.path("Category").asText(), type.path("Owner").asText(),
                                type.path("Provider").asText(), type.path("Version").asText()),
                        configuration(action.path("Configuration"), name, sourceBucket, sourceKey),
                        names(action.path("InputArtifacts")), names(action.path("OutputArtifacts")),
                        action.path("RunOrder").asInt(1)));
            }
        }
        return new PipelineDefinition(name, actions, template.pipelineVariables(),
                declared.path("ExecutionMode").asText(PipelineDefinition.SUPERSEDED));
    }

    /** Configuration values as CodePipeline receives them: stack references resolved to the local pipeline's. */
    private static Map<String, String> configuration(JsonNode declared, String pipeline, String bucket, String key) {
        Map<String, String> configuration = new LinkedHashMap<>();
        declared.properties().forEach(entry -> {
            String value = switch (entry.getKey()) {
                case "S3Bucket", "BucketName" -> bucket;
                case "S3ObjectKey" -> key;
                case "ObjectKey" -> "approved/" + key;
                case "NotificationArn" -> "arn:aws:sns:" + PipelineDefinition.REGION + ":" + PipelineDefinition.ACCOUNT
                        + ":" + pipeline + "-approval";
                default -> entry.getValue().isValueNode() ? entry.getValue().asText() : null;
            };
            if (value == null) {
                throw new IllegalStateException("the stand-in cannot resolve configuration " + entry);
            }
            configuration.put(entry.getKey(), value);
        });
        return Map.copyOf(configuration);
    }

    private static List<String> names(JsonNode artifacts) {
        List<String> names = new ArrayList<>();
        artifacts.forEach(artifact -> names.add(artifact.path("Name").asText()));
        return List.copyOf(names);
    }
}
