package io.github.approvalgate.pipeline.event;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.github.approvalgate.input.AwsNames;
import io.github.approvalgate.input.Echo;

/**
 * The first check of every CodePipeline event our functions receive: from CodePipeline, an approval action's state
 * change in one of the states the function acts on or, for a function that takes them, a pipeline execution's in one
 * of its states. Events that claim to qualify but cannot be traced are refused before any call; echoed values are
 * bounded.
 */
public final class StateChangeFilter {

    private final Set<String> actionStates;
    private final String actionStatesNamed;
    private final Set<String> pipelineStates;
    private final String pipelineStatesNamed;

    private StateChangeFilter(Set<String> actionStates, String actionStatesNamed, Set<String> pipelineStates,
            String pipelineStatesNamed) {
        this.actionStates = actionStates;
        this.actionStatesNamed = actionStatesNamed;
        this.pipelineStates = pipelineStates;
        this.pipelineStatesNamed = pipelineStatesNamed;
    }

    /**
     * Approval action state changes in these states, and no pipeline execution events.
     *
     * @param named how an ignore reason names the states, e.g. {@code STARTED} or {@code an ending}
     */
    public static StateChangeFilter approvalActions(Set<String> states, String named) {
        return new StateChangeFilter(Set.copyOf(states), named, Set.of(), null);
    }

    /** This filter, also taking pipeline execution state changes in these states. */
    public StateChangeFilter orPipelineExecutions(Set<String> states, String named) {
        return new StateChangeFilter(actionStates, actionStatesNamed, Set.copyOf(states), named);
    }

    /**
     * @return why the function has nothing to do with the event, or empty when it takes it
     * @throws IllegalArgumentException when an event of a kind the function takes has no {@code detail}
     */
    public Optional<String> reasonToIgnore(CodePipelineStateChange event) {
        if (event == null) {
            return Optional.of("empty event");
        }
        boolean pipelineEvents = !pipelineStates.isEmpty();
        if (!CodePipelineStateChange.SOURCE.equals(event.source())
                || !(event.isActionEvent() || pipelineEvents && event.isPipelineEvent())) {
            return Optional.of("not a CodePipeline " + (pipelineEvents ? "execution or action" : "action")
                    + " state change from " + CodePipelineStateChange.SOURCE + " (source=" + Echo.quoted(event.source())
                    + ", detail-type=" + Echo.quoted(event.detailType()) + ")");
        }
        StateChangeDetail detail = event.detail();
        if (detail == null) {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + " has no 'detail'");
        }
        if (event.isPipelineEvent()) {
            return pipelineStates.contains(detail.state()) ? Optional.empty()
                    : Optional.of("pipeline execution state is " + Echo.quoted(detail.state()) + ", not "
                            + pipelineStatesNamed);
        }
        String category = detail.type() == null ? null : detail.type().category();
        if (!ActionType.APPROVAL_CATEGORY.equals(category)) {
            return Optional.of("action category is " + Echo.quoted(category) + ", not " + ActionType.APPROVAL_CATEGORY);
        }
        if (!actionStates.contains(detail.state())) {
            return Optional.of("approval state is " + Echo.quoted(detail.state()) + ", not " + actionStatesNamed);
        }
        return Optional.empty();
    }

    /**
     * @param pool the configured pipelines; empty: any pipeline (no pool configured)
     * @return why an event of this pipeline is not for us: it names none, or one outside the pool
     */
    public static Optional<String> otherPipeline(String pipeline, List<String> pool) {
        if (pipeline == null) {
            return Optional.of("no pipeline");
        }
        if (pool.isEmpty() || pool.contains(pipeline)) {
            return Optional.empty();
        }
        return Optional.of("pipeline is " + Echo.quoted(pipeline) + ", not one of the pool's " + pool.size());
    }

    /**
     * Checks every identifier the function will send to AWS against CodePipeline's documented pattern, before any call.
     *
     * @throws IllegalArgumentException naming the first field that is missing or malformed
     */
    public static void requireTraceable(CodePipelineStateChange event) {
        StateChangeDetail detail = event.detail();
        if (event.isActionEvent()) {
            require(event, "stage", detail.stage(), AwsNames::codePipelineNameProblem);
            require(event, "action", detail.action(), AwsNames::codePipelineNameProblem);
        }
        require(event, "pipeline", detail.pipeline(), AwsNames::codePipelineNameProblem);
        require(event, "execution-id", detail.executionId(), AwsNames::codePipelineExecutionIdProblem);
    }

    private static void require(CodePipelineStateChange event, String field, String value,
            Function<String, Optional<String>> rule) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + " has no 'detail." + field + "'");
        }
        rule.apply(value).ifPresent(problem -> {
            throw new IllegalArgumentException("event " + Echo.quoted(event.id()) + ": 'detail." + field + "' "
                    + problem);
        });
    }
}
