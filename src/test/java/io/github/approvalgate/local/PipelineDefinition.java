package io.github.approvalgate.local;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline shaped like Approval Gate's: stage {@code Source} (S3) → {@code Approval} (Manual) → {@code Deploy} (S3),
 * one action per stage, named like its stage.
 */
record PipelineDefinition(String name, int version, String sourceBucket, String sourceKey, Instant created, List<Action> actions,
                          List<String> variables, String executionMode) {

    static final String PARALLEL = "PARALLEL";
    static final String SUPERSEDED = "SUPERSEDED";

    /** Pipeline-level variables declared by the template's pipeline: StartPipelineExecution accepts only these. */
    static final List<String> DECLARED_VARIABLES = io.github.approvalgate.infra.InfraTemplate.load().pipelineVariables();

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String SOURCE = "Source";
    static final String APPROVAL = "Approval";
    static final String DEPLOY = "Deploy";

    record ActionType(String category, String owner, String provider, String version) {
    }

    record Action(String stage, String name, ActionType type, Map<String, String> configuration,
                  List<String> inputArtifacts, List<String> outputArtifacts) {
    }

    static PipelineDefinition approvalGate(String name, int version, String sourceBucket, String sourceKey, Instant created,
                                           String executionMode) {
        Map<String, String> approval = new LinkedHashMap<>();
        approval.put("CustomData", "Approval request has been received. Please review the request to decide whether to approve or deny.");
        approval.put("ExternalEntityLink", "https://s3.console.aws.amazon.com/s3/object/" + sourceBucket + "?prefix=" + sourceKey);
        approval.put("NotificationArn", "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + name + "-approval");
        List<Action> actions = List.of(
                new Action(SOURCE, SOURCE, new ActionType("Source", "AWS", "S3", "1"),
                        Map.of("S3Bucket", sourceBucket, "S3ObjectKey", sourceKey, "PollForSourceChanges", "false"),
                        List.of(), List.of("SourceArtifact")),
                new Action(APPROVAL, APPROVAL, new ActionType("Approval", "AWS", "Manual", "1"), Map.copyOf(approval),
                        List.of(), List.of()),
                new Action(DEPLOY, DEPLOY, new ActionType("Deploy", "AWS", "S3", "1"),
                        Map.of("BucketName", sourceBucket, "Extract", "false", "ObjectKey", "approved/" + sourceKey),
                        List.of("SourceArtifact"), List.of()));
        return new PipelineDefinition(name, version, sourceBucket, sourceKey, created, actions, DECLARED_VARIABLES,
                executionMode);
    }

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
