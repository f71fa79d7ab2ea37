package io.github.approvalgate.testing.codepipeline;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.github.approvalgate.testing.codepipeline.ActionEvents.ExecutionResult;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition.Action;

/**
 * The EventBridge events of the stand-in's state changes: every one kept in order, and handed, in that order and
 * asynchronously like EventBridge, to one sink on one delivery thread.
 */
final class EventStream implements AutoCloseable {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors
            .newSingleThreadExecutor(r -> new Thread(r, "codepipeline-stand-in-events"));
    private volatile Consumer<String> sink = event -> {
    };
    private volatile boolean deliver = true;

    void sink(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink);
    }

    /** While false, events are still kept but none reaches the sink: lost events. */
    void deliver(boolean deliver) {
        this.deliver = deliver;
    }

    /** An action state change; called with the executions' lock held, so events keep the order of the changes. */
    void action(PipelineRun run, Action action, String state, ExecutionResult result) {
        publish(ActionEvents.actionEvent(run.pipeline().name(), run.pipelineVersion(), run.executionId(),
                action.stage(), action.name(), action.type(), state, result));
    }

    /** A pipeline execution state change; called with the executions' lock held. */
    void pipeline(PipelineRun run, String state) {
        publish(ActionEvents.pipelineEvent(run.pipeline().name(), run.pipelineVersion(), run.executionId(), state));
    }

    List<String> all() {
        return List.copyOf(events);
    }

    void reset() {
        events.clear();
        deliver = true;
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }

    private void publish(String event) {
        events.add(event);
        if (deliver) {
            delivery.execute(() -> sink.accept(event));
        }
    }
}
