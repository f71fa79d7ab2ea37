package io.github.approvalgate.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approval actions one execution must pass, fixed when it starts: start-approval passes them in the pipeline
 * variable {@link #VARIABLE}, so a later change of the review mode (a stack update that adds or removes an approval
 * stage) does not change which approval is final for an execution that already runs.
 */
public final class ApprovalActions {

    /** Pipeline variable (declared on the V2 pipeline): {@code Stage/Action} entries, comma-separated, in order. */
    public static final String VARIABLE = "approval_actions";

    /** CodePipeline API reference: PipelineVariable.value, 1 to 1000 characters. */
    static final int MAX_VALUE_CHARS = 1000;

    private ApprovalActions() {
    }

    /** The variable's value for these actions; empty when there are none or they would not fit a variable. */
    public static Optional<String> variableValue(List<String> actions) {
        String value = String.join(",", actions);
        return value.isEmpty() || value.length() > MAX_VALUE_CHARS ? Optional.empty() : Optional.of(value);
    }

    /**
     * The approval actions ({@code Stage/Action}) of the final approval stage an execution was started with, if its
     * variables name any: one per approver group, all of which must approve.
     */
    public static List<String> finalStageIn(Map<String, String> executionVariables) {
        return Optional.ofNullable(executionVariables.get(VARIABLE))
                .map(value -> finalStage(Arrays.stream(value.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                        .toList()))
                .orElse(List.of());
    }

    /** The entries of {@code actions} in the stage of the last one: the final stage's actions, in order. */
    public static List<String> finalStage(List<String> actions) {
        if (actions.isEmpty()) {
            return List.of();
        }
        String stage = stageOf(actions.getLast());
        return actions.stream().filter(action -> stageOf(action).equals(stage)).toList();
    }

    private static String stageOf(String stageAction) {
        int slash = stageAction.indexOf('/');
        return slash < 0 ? stageAction : stageAction.substring(0, slash);
    }
}
