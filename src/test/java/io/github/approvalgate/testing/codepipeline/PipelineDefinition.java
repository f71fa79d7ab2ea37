package io.github.approvalgate.testing.codepipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A V2 pipeline as the stand-in runs it: its actions in pipeline order (stage {@code Source} (S3), one or more manual
 * approvals, then the deploy action; one action per stage), its pipeline-level variables with their defaults
 * ({@code null} where none is declared) and its execution mode. {@code infra.TemplatePipeline} gives the template's.
 */
public record PipelineDefinition(String name, List<Action> actions, Map<String, String> variables, String executionMode) {

    public static final String PARALLEL = "PARALLEL";
    public static final String SUPERSEDED = "SUPERSEDED";

    /** The account and Region of every ARN the stand-in names. */
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    static final String SOURCE = "Source";
    static final String APPROVAL = "Approval";

    private static final Pattern VARIABLE = Pattern.compile("#\\{variables\\.([A-Za-z0-9@\\-_]+)}");

    public record ActionType(String category, String owner, String provider, String version) {
    }

    public record Action(String stage, String name, ActionType type, Map<String, String> configuration,
            List<String> inputArtifacts, List<String> outputArtifacts) {
    }

    public PipelineDefinition {
        if (!PARALLEL.equals(executionMode) && !SUPERSEDED.equals(executionMode)) {
            throw new IllegalArgumentException("the stand-in runs PARALLEL or SUPERSEDED pipelines, not " + executionMode);
        }
        actions = List.copyOf(actions);
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** This pipeline in another execution mode. */
    public PipelineDefinition withExecutionMode(String mode) {
        return new PipelineDefinition(name, actions, variables, mode);
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
            Matcher matcher = VARIABLE.matcher(v);
            resolved.put(k, matcher.replaceAll(match -> Matcher.quoteReplacement(
                    executionVariables.getOrDefault(match.group(1), Objects.requireNonNullElse(
                            variables.get(match.group(1)), "")))));
        });
        return resolved;
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
