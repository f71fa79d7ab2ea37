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
 * A V2 pipeline as the stand-in runs it: its actions in pipeline order (stage {@code Source} (S3), one or more approval
 * stages, then the deploy action), its pipeline-level variables with their defaults
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

    /**
     * One action declaration. Actions of one stage with the same {@code runOrder} run in parallel; the next run order
     * starts when all of them succeeded (user guide: "CodePipeline pipeline structure reference", runOrder).
     */
    public record Action(String stage, String name, ActionType type, Map<String, String> configuration,
            List<String> inputArtifacts, List<String> outputArtifacts, int runOrder) {

        public Action(String stage, String name, ActionType type, Map<String, String> configuration,
                List<String> inputArtifacts, List<String> outputArtifacts) {
            this(stage, name, type, configuration, inputArtifacts, outputArtifacts, 1);
        }
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

    /**
     * This pipeline with the one action of {@code stage} replaced by one copy per name, all with run order 1, so they
     * run in parallel (an all-of approval by several groups).
     */
    public PipelineDefinition withParallelActions(String stage, List<String> names) {
        List<Action> replaced = new java.util.ArrayList<>();
        for (Action action : actions) {
            if (!action.stage().equals(stage)) {
                replaced.add(action);
            } else if (replaced.stream().noneMatch(a -> a.stage().equals(stage))) {
                names.forEach(n -> replaced.add(new Action(stage, n, action.type(), action.configuration(),
                        action.inputArtifacts(), action.outputArtifacts(), 1)));
            }
        }
        return new PipelineDefinition(name, replaced, variables, executionMode);
    }

    /** The approval actions, in pipeline order. */
    List<Action> approvalActions() {
        return actions.stream().filter(action -> action.type().category().equals("Approval")).toList();
    }

    /** The stage names in pipeline order. */
    List<String> stages() {
        return actions.stream().map(Action::stage).distinct().toList();
    }

    /**
     * The actions after Source in the order they run: one group per stage and run order, each group run in parallel.
     */
    List<List<Action>> runGroups() {
        List<List<Action>> groups = new java.util.ArrayList<>();
        for (String stage : stages()) {
            if (stage.equals(SOURCE)) {
                continue;
            }
            List<Action> ofStage = actions.stream().filter(a -> a.stage().equals(stage)).toList();
            ofStage.stream().map(Action::runOrder).distinct().sorted()
                    .forEach(order -> groups.add(ofStage.stream().filter(a -> a.runOrder() == order).toList()));
        }
        return List.copyOf(groups);
    }

    /** The group of actions that runs with this one (same stage and run order). */
    List<Action> groupOf(Action action) {
        return runGroups().stream().filter(group -> group.contains(action)).findFirst().orElseThrow();
    }

    /** The group that runs after this action's group, if any. */
    Optional<List<Action>> groupAfter(Action action) {
        List<List<Action>> groups = runGroups();
        int index = groups.indexOf(groupOf(action));
        return index + 1 < groups.size() ? Optional.of(groups.get(index + 1)) : Optional.empty();
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
