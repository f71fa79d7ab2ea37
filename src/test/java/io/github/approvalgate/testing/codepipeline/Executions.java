package io.github.approvalgate.testing.codepipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.github.approvalgate.testing.codepipeline.ActionEvents.ExecutionResult;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition.Action;

/**
 * The stand-in's pipelines and their executions, and every state change of an execution: an execution runs its Source
 * action and stops at its first approval group at once (the approval actions of one stage and run order, waiting in
 * parallel); when every action of a group has ended, the execution moves to the next group if all succeeded (the
 * deploy action succeeds at once) or fails (user guide: "CodePipeline pipeline structure reference", runOrder: actions
 * with the same run order run in parallel, and a stage ends when all its actions end). Each change is emitted to the
 * {@link EventStream} with the lock held.
 */
final class Executions {

    static final String EXPIRED_SUMMARY = "The approval request timed out.";
    private static final int MAX_SUMMARY = 512;

    /** One version of a pipeline, as {@code GetPipeline} describes it. */
    record Version(PipelineDefinition definition, Instant created) {
    }

    private final Object lock = new Object();
    private final EventStream events;
    private final Map<String, List<Version>> pipelines = new HashMap<>();
    private final Map<String, PipelineRun> runs = new LinkedHashMap<>();
    private final Map<String, String> executionsByClientToken = new HashMap<>();
    private volatile int concurrencyLimit = Integer.MAX_VALUE;
    private volatile Clock clock = Clock.systemUTC();
    private volatile String nextSourceFailure;

    Executions(EventStream events) {
        this.events = events;
    }

    /** Registers a pipeline, or a new version of it. */
    void define(PipelineDefinition pipeline) {
        synchronized (lock) {
            pipelines.computeIfAbsent(pipeline.name(), n -> new ArrayList<>()).add(new Version(pipeline, clock.instant()));
        }
    }

    /** The time every state change is stamped with (start, update, decision). */
    void clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Adds {@code count} executions at once, without events: each started by start-approval for {@code sourceRevision}
     * and rejected at its first approval, the first starting at {@code firstStart} and each next one {@code step} later,
     * all last changed at {@code lastUpdate}. Cheap enough for thousands (a pipeline with history).
     */
    void seedRejected(String name, int count, Instant firstStart, Duration step, Instant lastUpdate,
            String sourceRevision, String rejectedBy) {
        synchronized (lock) {
            List<Version> versions = versions(name);
            PipelineDefinition pipeline = versions.getLast().definition();
            Action source = pipeline.action(PipelineDefinition.SOURCE);
            Action approval = pipeline.approvalActions().getFirst();
            for (int i = 0; i < count; i++) {
                Instant started = firstStart.plus(step.multipliedBy(i));
                String executionId = UUID.randomUUID().toString();
                ActionRow sourceRow = new ActionRow(source, UUID.randomUUID().toString(), ActionRow.SUCCEEDED, started,
                        started, null, sourceRevision, null, null, Map.of("VersionId", sourceRevision));
                ActionRow approvalRow = new ActionRow(approval, UUID.randomUUID().toString(), ActionRow.FAILED, started,
                        lastUpdate, rejectedBy, UUID.randomUUID().toString(), "rejected", "JobFailed", Map.of());
                runs.put(executionId, new PipelineRun(pipeline, versions.size(), executionId, sourceRevision,
                        Map.of(), PipelineRun.FAILED, null, started, lastUpdate, List.of(sourceRow, approvalRow)));
            }
        }
    }

    List<String> seedWaiting(String name, int count, Instant started, String sourceRevision) {
        synchronized (lock) {
            List<Version> versions = versions(name);
            PipelineDefinition pipeline = versions.getLast().definition();
            Action source = pipeline.action(PipelineDefinition.SOURCE);
            List<Action> waiting = pipeline.runGroups().getFirst();
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String executionId = UUID.randomUUID().toString();
                List<ActionRow> rows = new ArrayList<>();
                rows.add(new ActionRow(source, UUID.randomUUID().toString(), ActionRow.SUCCEEDED, started, started, null,
                        sourceRevision, null, null, Map.of("VersionId", sourceRevision)));
                waiting.forEach(action -> rows.add(new ActionRow(action, UUID.randomUUID().toString(),
                        ActionRow.IN_PROGRESS, started, started, null, UUID.randomUUID().toString(), null, null,
                        Map.of())));
                runs.put(executionId, new PipelineRun(pipeline, versions.size(), executionId, sourceRevision, Map.of(),
                        PipelineRun.IN_PROGRESS, null, started, started, List.copyOf(rows)));
                ids.add(executionId);
            }
            return ids;
        }
    }

    void concurrencyLimit(int limit) {
        this.concurrencyLimit = limit;
    }

    void failNextSource(String message) {
        this.nextSourceFailure = Objects.requireNonNull(message);
    }

    /** Forgets executions; keeps the pipeline definitions. */
    void reset() {
        synchronized (lock) {
            runs.clear();
            executionsByClientToken.clear();
            nextSourceFailure = null;
        }
        concurrencyLimit = Integer.MAX_VALUE;
        clock = Clock.systemUTC();
    }

    // ---- Reading ----------------------------------------------------------------------------------------------

    PipelineDefinition latest(String name) {
        return versions(name).getLast().definition();
    }

    List<Version> versions(String name) {
        synchronized (lock) {
            List<Version> versions = pipelines.get(name);
            if (versions == null) {
                throw new ServiceError("PipelineNotFoundException", "Pipeline " + name + " not found");
            }
            return List.copyOf(versions);
        }
    }

    /** The pipeline's executions, oldest first. */
    List<PipelineRun> runs(String pipelineName) {
        synchronized (lock) {
            latest(pipelineName);
            return runs.values().stream().filter(r -> r.pipeline().name().equals(pipelineName)).toList();
        }
    }

    PipelineRun run(String pipelineName, String executionId) {
        synchronized (lock) {
            latest(pipelineName);
            PipelineRun run = runs.get(executionId);
            if (run == null || !run.pipeline().name().equals(pipelineName)) {
                throw new ServiceError("PipelineExecutionNotFoundException",
                        "Execution " + executionId + " not found in pipeline " + pipelineName);
            }
            return run;
        }
    }

    /** Executions waiting for a decision, oldest first. */
    List<PendingApproval> pendingApprovals() {
        synchronized (lock) {
            return runs.values().stream()
                    .filter(PipelineRun::awaitingApproval)
                    .flatMap(r -> r.waitingApprovals().stream().map(row -> new PendingApproval(r.pipeline().name(),
                            r.executionId(), r.sourceRevision(), row.action().stage(), row.action().name(),
                            row.externalExecutionId(), row.startTime(),
                            r.pipeline().resolved(row.action().configuration(), r.variables()))))
                    .toList();
        }
    }

    /** The token of the approval the execution waits at. */
    String tokenOf(String pipelineName, String executionId) {
        synchronized (lock) {
            return pendingRun(pipelineName, executionId).approvalRow().externalExecutionId();
        }
    }

    /** The token of the named approval action, which must be one the execution waits at. */
    String tokenOf(String pipelineName, String executionId, String stage, String action) {
        synchronized (lock) {
            List<ActionRow> waiting = pendingRun(pipelineName, executionId).waitingApprovals();
            return waiting.stream()
                    .filter(row -> row.action().stage().equals(stage) && row.action().name().equals(action))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Execution " + executionId + " waits at "
                            + waiting.stream().map(row -> row.action().stage() + "/" + row.action().name()).toList()
                            + ", not " + stage + "/" + action))
                    .externalExecutionId();
        }
    }

    /**
     * PutApprovalResult's checks before a decision: the stage and approval action exist, and the token belongs to one
     * execution of that very action (another action's token is not valid here).
     */
    void requireApprovalToken(String pipelineName, String stage, String action, String token) {
        synchronized (lock) {
            PipelineDefinition pipeline = latest(pipelineName);
            if (pipeline.actions().stream().noneMatch(a -> a.stage().equals(stage))) {
                throw new ServiceError("StageNotFoundException", "Stage " + stage + " not found in pipeline " + pipelineName);
            }
            if (pipeline.find(stage, action).filter(a -> a.type().category().equals("Approval")).isEmpty()) {
                throw new ServiceError("ActionNotFoundException", "Approval action " + action + " not found in stage " + stage);
            }
            boolean tokenOfThisAction = runs.values().stream().anyMatch(r -> r.pipeline().name().equals(pipelineName)
                    && r.rows().stream().anyMatch(row -> token.equals(row.externalExecutionId())
                            && row.action().stage().equals(stage) && row.action().name().equals(action)));
            if (!tokenOfThisAction) {
                throw new ServiceError("InvalidApprovalTokenException",
                        "The approval token is not valid for " + stage + "/" + action);
            }
        }
    }

    // ---- State changes ----------------------------------------------------------------------------------------

    /**
     * Starts an execution of the pipeline's latest version; a repeated client token returns the execution it started.
     * {@code variables} and {@code sourceRevision} are checked against the pipeline by the caller.
     */
    String start(String name, String clientToken, Map<String, String> variables, String sourceRevision) {
        synchronized (lock) {
            List<Version> versions = versions(name);
            PipelineDefinition pipeline = versions.getLast().definition();
            if (clientToken != null && executionsByClientToken.containsKey(name + "/" + clientToken)) {
                return executionsByClientToken.get(name + "/" + clientToken);
            }
            long running = runs.values().stream().filter(r -> r.pipeline().name().equals(name) && r.inProgress()).count();
            if (running >= concurrencyLimit) {
                throw new ServiceError("ConcurrentPipelineExecutionsLimitExceededException",
                        "The pipeline has reached the limit for concurrent pipeline executions.");
            }
            Instant now = clock.instant();
            String executionId = UUID.randomUUID().toString();
            Action source = pipeline.action(PipelineDefinition.SOURCE);
            String sourceFailure = nextSourceFailure;
            nextSourceFailure = null;
            PipelineRun started = new PipelineRun(pipeline, versions.size(), executionId, sourceRevision, variables,
                    PipelineRun.IN_PROGRESS, null, now, now, List.of());
            events.pipeline(started, "STARTED");
            events.action(started, source, "STARTED", null);
            if (sourceFailure != null) {
                ActionRow failedSource = new ActionRow(source, UUID.randomUUID().toString(), ActionRow.FAILED, now, now, null,
                        null, sourceFailure, "JobFailed", Map.of());
                PipelineRun failed = started.withRow(failedSource).withStatus(PipelineRun.FAILED, sourceFailure,
                        clock.instant());
                runs.put(executionId, failed);
                events.action(failed, source, "FAILED", new ExecutionResult(null, sourceFailure, null, "JobFailed"));
                events.pipeline(failed, "FAILED");
            } else {
                // The S3 source action outputs VersionId and ETag (action reference: Amazon S3 source action, Output variables).
                ActionRow sourceRow = new ActionRow(source, UUID.randomUUID().toString(), ActionRow.SUCCEEDED, now, now, null,
                        sourceRevision, null, null, sourceRevision == null ? Map.of()
                                : Map.of("VersionId", sourceRevision, "ETag",
                                        "\"" + Integer.toHexString(sourceRevision.hashCode()) + "\""));
                PipelineRun run = started.withRow(sourceRow);
                runs.put(executionId, run);
                events.action(run, source, "SUCCEEDED", new ExecutionResult(sourceRevision, null, null, null));
                if (PipelineDefinition.SUPERSEDED.equals(pipeline.executionMode()) && approvalStageLocked(name)) {
                    supersedeWaitingBefore(run);
                } else {
                    enter(run, pipeline.runGroups().getFirst());
                }
            }
            if (clientToken != null) {
                executionsByClientToken.put(name + "/" + clientToken, executionId);
            }
            return executionId;
        }
    }

    /** Approves ({@code Approved}) or rejects ({@code Rejected}) the approval action this token belongs to. */
    Instant decide(String pipelineName, String token, String status, String summary, String decidedBy) {
        if (!status.equals("Approved") && !status.equals("Rejected")) {
            throw new ServiceError("ValidationException", "result.status must be Approved or Rejected, got " + status);
        }
        if (summary == null || summary.length() > MAX_SUMMARY) {
            throw new ServiceError("ValidationException", "result.summary must be 1 to " + MAX_SUMMARY + " characters");
        }
        synchronized (lock) {
            latest(pipelineName);
            PipelineRun run = runs.values().stream()
                    .filter(r -> r.pipeline().name().equals(pipelineName) && r.rows().stream()
                            .anyMatch(row -> row.action().type().category().equals("Approval")
                                    && token.equals(row.externalExecutionId())))
                    .findFirst()
                    .orElseThrow(() -> new ServiceError("InvalidApprovalTokenException",
                            "The approval token is not valid for pipeline " + pipelineName));
            ActionRow approval = run.rows().stream().filter(row -> token.equals(row.externalExecutionId())).findFirst()
                    .orElseThrow();
            if (!approval.status().equals(ActionRow.IN_PROGRESS)) {
                if (approval.updatedBy() == null) {
                    throw new ServiceError("InvalidApprovalTokenException", "The approval request has expired");
                }
                throw new ServiceError("ApprovalAlreadyCompletedException", "The approval action has already been "
                        + (approval.status().equals(ActionRow.SUCCEEDED) ? "approved" : "rejected"));
            }
            Instant now = clock.instant();
            boolean approved = status.equals("Approved");
            String errorCode = approved ? null : "JobFailed";
            ActionRow decided = approval.finish(approved ? ActionRow.SUCCEEDED : ActionRow.FAILED, now, decidedBy, summary,
                    errorCode);
            PipelineRun updated = run.withRow(decided);
            runs.put(run.executionId(), updated);
            events.action(run, decided.action(), approved ? "SUCCEEDED" : "FAILED",
                    new ExecutionResult(token, summary, null, errorCode));
            afterActionEnded(updated, decided.action());
            return now;
        }
    }

    /**
     * Lets the waiting approvals time out as AWS does (parallel approvals start together, so they time out together):
     * each action Failed with an action FAILED event and nobody in updatedBy, then the execution Failed.
     */
    void expire(String pipeline, String executionId) {
        synchronized (lock) {
            PipelineRun run = pendingRun(pipeline, executionId);
            PipelineRun updated = run;
            for (ActionRow approval : run.waitingApprovals()) {
                ActionRow failed = approval.finish(ActionRow.FAILED, clock.instant(), null, EXPIRED_SUMMARY, "JobFailed");
                updated = updated.withRow(failed);
                runs.put(executionId, updated);
                events.action(updated, failed.action(), "FAILED",
                        new ExecutionResult(approval.externalExecutionId(), EXPIRED_SUMMARY, null, "JobFailed"));
            }
            afterActionEnded(updated, run.approvalRow().action());
        }
    }

    /**
     * API reference: StopPipelineExecution. With abandon, every waiting approval is abandoned at once (an ABANDONED
     * action event each) and the execution is Stopped; without, it stays Stopping until its running actions end.
     */
    void stop(String name, String executionId, boolean abandon, String reason) {
        synchronized (lock) {
            PipelineRun run = run(name, executionId);
            if (PipelineRun.STOPPING.equals(run.status())) {
                throw new ServiceError("DuplicatedStopRequestException", "Execution " + executionId + " is already stopping");
            }
            if (!run.inProgress()) {
                throw new ServiceError("PipelineExecutionNotStoppableException",
                        "Execution " + executionId + " is " + run.status());
            }
            Instant now = clock.instant();
            PipelineRun stopping = run.withStatus(PipelineRun.STOPPING, reason, clock.instant());
            runs.put(executionId, stopping);
            events.pipeline(stopping, "STOPPING");
            if (abandon && run.awaitingApproval()) {
                PipelineRun updated = stopping;
                for (ActionRow waiting : run.waitingApprovals()) {
                    ActionRow abandoned = waiting.finish(ActionRow.ABANDONED, now, null, null, null);
                    updated = updated.withRow(abandoned);
                    runs.put(executionId, updated);
                    events.action(updated, abandoned.action(), "ABANDONED", null);
                }
                PipelineRun stopped = updated.withStatus(PipelineRun.STOPPED, reason, clock.instant());
                runs.put(executionId, stopped);
                events.pipeline(stopped, "STOPPED");
            }
        }
    }

    /**
     * Called with {@code lock} held: a group's actions start together. Approval actions wait for a decision; any other
     * action (the deploy) succeeds at once, and the execution moves on.
     */
    private void enter(PipelineRun run, List<Action> group) {
        Instant now = clock.instant();
        PipelineRun updated = run;
        for (Action action : group) {
            boolean approval = action.type().category().equals("Approval");
            String external = UUID.randomUUID().toString();
            ActionRow row = new ActionRow(action, UUID.randomUUID().toString(),
                    approval ? ActionRow.IN_PROGRESS : ActionRow.SUCCEEDED, now, now, null, external, null, null,
                    Map.of());
            updated = updated.withRow(row);
            runs.put(run.executionId(), updated);
            events.action(updated, action, "STARTED", null);
            if (!approval) {
                events.action(updated, action, "SUCCEEDED", new ExecutionResult(external, null, null, null));
            }
        }
        if (updated.waitingApprovals().isEmpty()) {
            afterActionEnded(updated, group.getLast());
        }
    }

    /**
     * Called with {@code lock} held after an action of the run ended: while others of its group still run, nothing
     * moves; then the next group starts if the whole group succeeded (and no stop is pending), else the execution ends
     * Failed (or Stopped when a stop is pending).
     */
    private void afterActionEnded(PipelineRun run, Action ended) {
        List<ActionRow> group = run.pipeline().groupOf(ended).stream().map(run::row).flatMap(Optional::stream).toList();
        if (group.stream().anyMatch(row -> ActionRow.IN_PROGRESS.equals(row.status()))) {
            return;
        }
        boolean stopping = PipelineRun.STOPPING.equals(run.status());
        boolean succeeded = group.stream().allMatch(row -> ActionRow.SUCCEEDED.equals(row.status()));
        Optional<List<Action>> next = run.pipeline().groupAfter(ended);
        if (succeeded && !stopping && next.isPresent()) {
            enter(run, next.get());
            return;
        }
        String ending = stopping ? PipelineRun.STOPPED : succeeded ? PipelineRun.SUCCEEDED : PipelineRun.FAILED;
        PipelineRun finished = run.withStatus(ending, stopping ? run.statusSummary() : null, clock.instant());
        runs.put(run.executionId(), finished);
        events.pipeline(finished, ending.toUpperCase(Locale.ROOT));
        if (PipelineDefinition.SUPERSEDED.equals(run.pipeline().executionMode())) {
            admitWaiting(run.pipeline().name());
        }
    }

    /**
     * SUPERSEDED mode (user guide: "Set or change the pipeline execution mode"): a stage runs one execution at a time;
     * an execution waiting to enter it is replaced by a newer one, and ends Superseded without running the stage.
     */
    private boolean approvalStageLocked(String pipelineName) {
        return runs.values().stream().anyMatch(r -> r.pipeline().name().equals(pipelineName) && r.awaitingApproval());
    }

    private void supersedeWaitingBefore(PipelineRun newer) {
        runs.values().stream()
                .filter(r -> r.pipeline().name().equals(newer.pipeline().name()) && r != newer && r.inProgress()
                        && !r.enteredApproval() && !r.executionId().equals(newer.executionId()))
                .toList()
                .forEach(older -> {
                    PipelineRun superseded = older.withStatus(PipelineRun.SUPERSEDED, null, clock.instant());
                    runs.put(older.executionId(), superseded);
                    events.pipeline(superseded, "SUPERSEDED");
                });
    }

    /** When the approval stage unlocks in SUPERSEDED mode, the execution waiting in front of it enters. */
    private void admitWaiting(String pipelineName) {
        runs.values().stream()
                .filter(r -> r.pipeline().name().equals(pipelineName) && r.inProgress()
                        && !r.enteredApproval() && r.row(PipelineDefinition.SOURCE).isPresent())
                .findFirst()
                .ifPresent(waiting -> enter(waiting, waiting.pipeline().runGroups().getFirst()));
    }

    private PipelineRun pendingRun(String pipelineName, String executionId) {
        PipelineRun run = run(pipelineName, executionId);
        if (!run.awaitingApproval()) {
            throw new IllegalStateException(
                    "Execution " + executionId + " is not waiting for an approval (status " + run.status() + ")");
        }
        return run;
    }
}
