package io.github.approvalgate.testing.codepipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.infra.InfraTemplate;
import io.github.approvalgate.infra.ReviewMode;

/**
 * Approval Gate's pipeline as the template declares it: stage {@code Source} (S3), the approval stages of the review
 * mode ({@code AiReview}, {@code Approval}), then {@code Deploy} (S3); one action per stage, named like its stage.
 */
public record PipelineDefinition(String name, int version, String sourceBucket, String sourceKey, Instant created,
        List<Action> actions,
        Map<String, String> variables, String executionMode) {

    public static final String PARALLEL = "PARALLEL";
    static final String SUPERSEDED = "SUPERSEDED";

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String SOURCE = "Source";
    static final String APPROVAL = "Approval";
    static final String AI_REVIEW = "AiReview";

    record ActionType(String category, String owner, String provider, String version) {
    }

    record Action(String stage, String name, ActionType type, Map<String, String> configuration,
            List<String> inputArtifacts, List<String> outputArtifacts) {
    }

    /**
     * The template's pipeline for one review mode: its stages as the template's conditions select them, each action's
     * type and configuration as declared (references to stack resources and parameters resolved to local values),
     * and its declared variables with their defaults.
     */
    static PipelineDefinition fromTemplate(String name, int version, String sourceBucket, String sourceKey, Instant created,
            String executionMode, ReviewMode reviewMode) {
        InfraTemplate template = InfraTemplate.load();
        List<Action> actions = new ArrayList<>();
        for (JsonNode stage : template.pipelineStages(reviewMode.parameterValue())) {
            for (JsonNode action : stage.path("Actions")) {
                JsonNode type = action.path("ActionTypeId");
                actions.add(new Action(stage.path("Name").asText(), action.path("Name").asText(),
                        new ActionType(type.path("Category").asText(), type.path("Owner").asText(),
                                type.path("Provider").asText(), type.path("Version").asText()),
                        configuration(action.path("Configuration"), name, sourceBucket, sourceKey),
                        names(action.path("InputArtifacts")), names(action.path("OutputArtifacts"))));
            }
        }
        return new PipelineDefinition(name, version, sourceBucket, sourceKey, created, List.copyOf(actions),
                template.pipelineVariables(), executionMode);
    }

    /** Configuration values as CodePipeline receives them: stack references resolved to the local pipeline's. */
    private static Map<String, String> configuration(JsonNode declared, String pipeline, String bucket, String key) {
        Map<String, String> configuration = new LinkedHashMap<>();
        declared.properties().forEach(entry -> {
            String value = switch (entry.getKey()) {
                case "S3Bucket", "BucketName" -> bucket;
                case "S3ObjectKey" -> key;
                case "ObjectKey" -> "approved/" + key;
                case "NotificationArn" -> "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + pipeline + "-approval";
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

    /** The approval actions, in pipeline order. */
    List<Action> approvalActions() {
        return actions.stream().filter(action -> action.type().category().equals("Approval")).toList();
    }

    /** The approval action after this one, if any. */
    Optional<Action> approvalAfter(Action action) {
        List<Action> approvals = approvalActions();
        int index = approvals.indexOf(action);
        return index + 1 < approvals.size() ? Optional.of(approvals.get(index + 1)) : Optional.empty();
    }

    /** The action that runs after the approvals (stage {@code Deploy}). */
    Action deployAction() {
        return actions.getLast();
    }

    /** {@code #{variables.NAME}} resolved as CodePipeline resolves it: the execution's value, else the default. */
    Map<String, String> resolved(Map<String, String> configuration, Map<String, String> executionVariables) {
        Map<String, String> resolved = new LinkedHashMap<>();
        configuration.forEach((k, v) -> {
            java.util.regex.Matcher matcher = VARIABLE.matcher(v);
            resolved.put(k, matcher.replaceAll(match -> java.util.regex.Matcher.quoteReplacement(
                    executionVariables.getOrDefault(match.group(1), Objects.requireNonNullElse(
                            variables.get(match.group(1)), "")))));
        });
        return resolved;
    }

    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern
            .compile("#\\{variables\\.([A-Za-z0-9@\\-_]+)}");

    String arn() {
        return "arn:aws:codepipeline:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    String roleArn() {
        return "arn:aws:iam::" + ACCOUNT + ":role/AWSCodePipelineServiceRole-" + REGION;
    }

    Action action(String name) {
        return find(name).orElseThrow();
    }

    Optional<Action> find(String actionName) {
        return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
    }

    Optional<Action> find(String stage, String actionName) {
        return actions.stream().filter(a -> a.stage().equals(stage) && a.name().equals(actionName)).findFirst();
    }
}
