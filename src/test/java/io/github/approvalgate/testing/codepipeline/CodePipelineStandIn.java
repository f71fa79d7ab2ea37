package io.github.approvalgate.testing.codepipeline;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.ActionEvents.ExecutionResult;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition.Action;

/**
 * A protocol-level stand-in for CodePipeline (moto cannot run executions): {@code StartPipelineExecution},
 * {@code GetPipeline}, {@code GetPipelineExecution}, {@code ListActionExecutions} and {@code PutApprovalResult}
 * for V2 pipelines in PARALLEL mode shaped like Approval Gate's (see {@link PipelineDefinition}).
 *
 * <p>
 * An execution runs its Source action and stops at the manual approval at once. Every action state change is
 * emitted as an EventBridge event (see {@link ActionEvents}): kept in {@link #events()} and handed, in order and
 * asynchronously like EventBridge, to the consumer set with {@link #onEvent}.
 */
public final class CodePipelineStandIn implements AutoCloseable {

    public static final String DEFAULT_APPROVER = "arn:aws:iam::123456789012:user/approver";
    static final String EXPIRED_SUMMARY = "The approval request timed out.";
    private static final int MAX_SUMMARY = 512;

    private final Object lock = new Object();
    private final Map<String, List<PipelineDefinition>> pipelines = new HashMap<>();
    private final Map<String, PipelineRun> runs = new LinkedHashMap<>();
    private final Map<String, String> executionsByClientToken = new HashMap<>();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, ServiceError> injectedFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService eventDelivery = Executors
            .newSingleThreadExecutor(r -> new Thread(r, "codepipeline-stand-in-events"));
    private volatile Consumer<String> eventSink = event -> {
    };
    private volatile String approverArn = DEFAULT_APPROVER;
    private final Map<String, String> principals = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int concurrencyLimit = Integer.MAX_VALUE;
    private volatile boolean deliverEvents = true;
    private volatile String nextSourceFailure;
    private final AwsJson11Server server;

    public CodePipelineStandIn() {
        server = new AwsJson11Server("CodePipeline_20150709", this::invoke, calls::add);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    // ---- Java API for tests and the sandbox -------------------------------------------------------------------

    /**
     * Registers a pipeline (or a new version of it) with stages Source (S3 bucket/key) → Approval → Deploy, in the
     * execution mode the template declares for its pipeline.
     */
    public void definePipeline(String name, String sourceBucket, String sourceKey) {
        JsonNode declared = io.github.approvalgate.infra.InfraTemplate.load().resource("ApprovalPipeline").path("Properties");
        if (!"V2".equals(declared.path("PipelineType").asText())) {
            throw new IllegalStateException("the stand-in runs V2 pipelines; the template declares "
                    + declared.path("PipelineType"));
        }
        definePipeline(name, sourceBucket, sourceKey, declared.path("ExecutionMode").asText(PipelineDefinition.SUPERSEDED));
    }

    /** The template's pipeline for a review mode, in the execution mode the template declares. */
    public void definePipeline(String name, String sourceBucket, String sourceKey, ReviewMode reviewMode) {
        definePipeline(name, sourceBucket, sourceKey, io.github.approvalgate.infra.InfraTemplate.load()
                .resource("ApprovalPipeline").path("Properties").path("ExecutionMode").asText(), reviewMode);
    }

    /** Like {@link #definePipeline(String, String, String)}, in {@code PARALLEL} or {@code SUPERSEDED} mode. */
    public void definePipeline(String name, String sourceBucket, String sourceKey, String executionMode) {
        definePipeline(name, sourceBucket, sourceKey, executionMode, ReviewMode.HUMAN);
    }

    /** The template's pipeline for a review mode (its approval stages), in the given execution mode. */
    public void definePipeline(String name, String sourceBucket, String sourceKey, String executionMode,
            ReviewMode reviewMode) {
        if (!Set.of(PipelineDefinition.PARALLEL, PipelineDefinition.SUPERSEDED).contains(executionMode)) {
            throw new IllegalArgumentException("the stand-in runs PARALLEL or SUPERSEDED pipelines, not " + executionMode);
        }
        synchronized (lock) {
            List<PipelineDefinition> versions = pipelines.computeIfAbsent(name, n -> new ArrayList<>());
            versions.add(PipelineDefinition.fromTemplate(name, versions.size() + 1, sourceBucket, sourceKey, Instant.now(),
                    executionMode, reviewMode));
        }
    }

    /** Who appears as {@code updatedBy} of decisions made through {@code PutApprovalResult} or {@link #approve}. */
    public void approverArn(String arn) {
        this.approverArn = Objects.requireNonNull(arn);
    }

    /** Where emitted events go, besides {@link #events()}; called on one delivery thread, in emission order. */
    public void onEvent(Consumer<String> sink) {
        this.eventSink = Objects.requireNonNull(sink);
    }

    /** Approves whichever approval action the execution waits at, as a person in the console would. */
    public void approve(String pipeline, String executionId, String summary) {
        decide(pipeline, tokenOf(pipeline, executionId), "Approved", summary, approverArn);
    }

    public void reject(String pipeline, String executionId, String summary) {
        decide(pipeline, tokenOf(pipeline, executionId), "Rejected", summary, approverArn);
    }

    /** Approves the named approval action, which must be the one the execution waits at. */
    public void approve(String pipeline, String executionId, String stage, String action, String summary) {
        decide(pipeline, tokenOf(pipeline, executionId, stage, action), "Approved", summary, approverArn);
    }

    public void reject(String pipeline, String executionId, String stage, String action, String summary) {
        decide(pipeline, tokenOf(pipeline, executionId, stage, action), "Rejected", summary, approverArn);
    }

    /** Who a caller is: {@code updatedBy} of its PutApprovalResult calls signed with this access key id. */
    public void principal(String accessKeyId, String arn) {
        principals.put(accessKeyId, arn);
    }

    /** Lets the approval time out as AWS does: action and execution Failed, an action FAILED event, nobody in updatedBy. */
    public void expire(String pipeline, String executionId) {
        synchronized (lock) {
            PipelineRun run = pendingRun(pipeline, executionId);
            ActionRow approval = run.approvalRow();
            ActionRow failed = approval.finish(ActionRow.FAILED, Instant.now(), null, EXPIRED_SUMMARY, "JobFailed");
            PipelineRun ended = run.withRow(failed).withStatus(PipelineRun.FAILED, null);
            runs.put(executionId, ended);
            emit(run, failed.action(), "FAILED",
                    new ExecutionResult(approval.externalExecutionId(), EXPIRED_SUMMARY, null, "JobFailed"));
            emitPipeline(ended, "FAILED");
        }
    }

    /**
     * Starts an execution for one S3 object version over the stand-in's own HTTP API, as an S3 trigger or another
     * client would (source action {@code Source}).
     */
    public String startExecutionFor(String pipeline, String versionId) {
        try (var client = LocalAwsClients.codePipeline(endpoint())) {
            return client.startPipelineExecution(start -> start.name(pipeline).sourceRevisions(revision -> revision
                    .actionName(PipelineDefinition.SOURCE)
                    .revisionType(software.amazon.awssdk.services.codepipeline.model.SourceRevisionType.S3_OBJECT_VERSION_ID)
                    .revisionValue(versionId))).pipelineExecutionId();
        }
    }

    /**
     * How many executions may be in progress at once; StartPipelineExecution beyond it fails with
     * {@code ConcurrentPipelineExecutionsLimitExceededException} (CodePipeline quotas: concurrent executions per
     * pipeline in PARALLEL mode; API reference: StartPipelineExecution, Errors).
     */
    public void concurrencyLimit(int limit) {
        this.concurrencyLimit = limit;
    }

    /** While false, state changes still happen and are kept in {@link #events()}, but none reaches the sink: lost events. */
    public void deliverEvents(boolean deliver) {
        this.deliverEvents = deliver;
    }

    /** The next execution's S3 source action fails with this message, as an unreadable source version makes it. */
    public void failNextSource(String message) {
        this.nextSourceFailure = Objects.requireNonNull(message);
    }

    /** Stops an execution over the stand-in's HTTP API, as an operator's {@code aws codepipeline stop-pipeline-execution}. */
    public void stopExecution(String pipeline, String executionId, boolean abandon, String reason) {
        try (var client = LocalAwsClients.codePipeline(endpoint())) {
            client.stopPipelineExecution(stop -> stop.pipelineName(pipeline).pipelineExecutionId(executionId)
                    .abandon(abandon).reason(reason));
        }
    }

    /** Executions waiting for a decision, oldest first. */
    public List<PendingApproval> pendingApprovals() {
        synchronized (lock) {
            return runs.values().stream()
                    .filter(PipelineRun::awaitingApproval)
                    .map(r -> new PendingApproval(r.pipeline().name(), r.executionId(), r.sourceRevision(),
                            r.approvalRow().action().stage(), r.approvalRow().action().name(),
                            r.approvalRow().externalExecutionId(), r.approvalRow().startTime(),
                            r.pipeline().resolved(r.approvalRow().action().configuration(), r.variables())))
                    .toList();
        }
    }

    /** HTTP calls received, in order. Java API calls ({@link #approve} ...) are not recorded. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public List<RecordedCall> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** Makes the next call of {@code operation} fail with this AWS error type, as an outage or throttling would. */
    public void failNext(String operation, String errorType, String message) {
        injectedFailures.put(operation, new ServiceError(errorType, message));
    }

    /** Every event emitted so far, in order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Forgets the calls recorded so far, to count those of one step. */
    public void forgetCalls() {
        calls.clear();
    }

    /** Forgets executions, calls and events; keeps the pipeline definitions. */
    public void reset() {
        synchronized (lock) {
            runs.clear();
            executionsByClientToken.clear();
            calls.clear();
            events.clear();
            injectedFailures.clear();
            nextSourceFailure = null;
        }
        concurrencyLimit = Integer.MAX_VALUE;
        deliverEvents = true;
    }

    @Override
    public void close() {
        server.close();
        eventDelivery.shutdownNow();
    }

    // ---- Operations -------------------------------------------------------------------------------------------

    private JsonNode invoke(String operation, JsonNode request, String accessKeyId) {
        ServiceError injected = injectedFailures.remove(operation);
        if (injected != null) {
            throw injected;
        }
        return switch (operation) {
            case "StartPipelineExecution" -> startPipelineExecution(request);
            case "GetPipeline" -> getPipeline(request);
            case "GetPipelineExecution" -> getPipelineExecution(request);
            case "ListActionExecutions" -> listActionExecutions(request);
            case "ListPipelineExecutions" -> listPipelineExecutions(request);
            case "StopPipelineExecution" -> stopPipelineExecution(request);
            case "PutApprovalResult" -> putApprovalResult(request, accessKeyId);
            default -> throw new ServiceError("UnknownOperationException", "The stand-in does not implement " + operation);
        };
    }

    private JsonNode startPipelineExecution(JsonNode request) {
        String name = required(request, "name");
        String clientToken = request.path("clientRequestToken").asText(null);
        synchronized (lock) {
            PipelineDefinition pipeline = latest(name);
            Map<String, String> variables = variables(pipeline, request.path("variables"));
            String sourceRevision = sourceRevision(pipeline, request.path("sourceRevisions"));
            if (clientToken != null && executionsByClientToken.containsKey(name + "/" + clientToken)) {
                return object().put("pipelineExecutionId", executionsByClientToken.get(name + "/" + clientToken));
            }
            long running = runs.values().stream().filter(r -> r.pipeline().name().equals(name) && r.inProgress()).count();
            if (running >= concurrencyLimit) {
                throw new ServiceError("ConcurrentPipelineExecutionsLimitExceededException",
                        "The pipeline has reached the limit for concurrent pipeline executions.");
            }
            Instant now = Instant.now();
            String executionId = UUID.randomUUID().toString();
            Action source = pipeline.action(PipelineDefinition.SOURCE);
            String sourceFailure = nextSourceFailure;
            nextSourceFailure = null;
            PipelineRun started = new PipelineRun(pipeline, executionId, sourceRevision, variables, PipelineRun.IN_PROGRESS,
                    null, now, now, List.of());
            emitPipeline(started, "STARTED");
            emit(started, source, "STARTED", null);
            if (sourceFailure != null) {
                ActionRow failedSource = new ActionRow(source, UUID.randomUUID().toString(), ActionRow.FAILED, now, now, null,
                        null, sourceFailure, "JobFailed", Map.of());
                PipelineRun failed = started.withRow(failedSource).withStatus(PipelineRun.FAILED, sourceFailure);
                runs.put(executionId, failed);
                emit(failed, source, "FAILED", new ExecutionResult(null, sourceFailure, null, "JobFailed"));
                emitPipeline(failed, "FAILED");
            } else {
                // The S3 source action outputs VersionId and ETag (action reference: Amazon S3 source action, Output variables).
                ActionRow sourceRow = new ActionRow(source, UUID.randomUUID().toString(), ActionRow.SUCCEEDED, now, now, null,
                        sourceRevision, null, null, sourceRevision == null ? Map.of()
                                : Map.of("VersionId", sourceRevision, "ETag",
                                        "\"" + Integer.toHexString(sourceRevision.hashCode()) + "\""));
                PipelineRun run = started.withRow(sourceRow);
                runs.put(executionId, run);
                emit(run, source, "SUCCEEDED", new ExecutionResult(sourceRevision, null, null, null));
                if (PipelineDefinition.SUPERSEDED.equals(pipeline.executionMode()) && approvalStageLocked(name)) {
                    supersedeWaitingBefore(run);
                } else {
                    enterApproval(run, pipeline.approvalActions().getFirst());
                }
            }
            if (clientToken != null) {
                executionsByClientToken.put(name + "/" + clientToken, executionId);
            }
            return object().put("pipelineExecutionId", executionId);
        }
    }

    /** Called with {@code lock} held: the run's approval action starts and waits for a decision. */
    private void enterApproval(PipelineRun run, Action approval) {
        Instant now = Instant.now();
        ActionRow approvalRow = new ActionRow(approval, UUID.randomUUID().toString(), ActionRow.IN_PROGRESS, now, now,
                null, UUID.randomUUID().toString(), null, null, Map.of());
        PipelineRun waiting = run.withRow(approvalRow);
        runs.put(run.executionId(), waiting);
        emit(waiting, approval, "STARTED", null);
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
                    PipelineRun superseded = older.withStatus(PipelineRun.SUPERSEDED, null);
                    runs.put(older.executionId(), superseded);
                    emitPipeline(superseded, "SUPERSEDED");
                });
    }

    /** When the approval stage unlocks in SUPERSEDED mode, the execution waiting in front of it enters. */
    private void admitWaiting(String pipelineName) {
        runs.values().stream()
                .filter(r -> r.pipeline().name().equals(pipelineName) && r.inProgress()
                        && !r.enteredApproval() && r.row(PipelineDefinition.SOURCE).isPresent())
                .findFirst()
                .ifPresent(waiting -> enterApproval(waiting, waiting.pipeline().approvalActions().getFirst()));
    }

    /** API reference: StopPipelineExecution. With abandon, the waiting approval is abandoned at once. */
    private JsonNode stopPipelineExecution(JsonNode request) {
        String name = required(request, "pipelineName");
        String executionId = required(request, "pipelineExecutionId");
        boolean abandon = request.path("abandon").asBoolean(false);
        String reason = request.path("reason").asText(null);
        if (reason != null && reason.length() > 200) {
            throw new ServiceError("ValidationException", "reason must be at most 200 characters");
        }
        synchronized (lock) {
            PipelineRun run = run(name, executionId);
            if (PipelineRun.STOPPING.equals(run.status())) {
                throw new ServiceError("DuplicatedStopRequestException", "Execution " + executionId + " is already stopping");
            }
            if (!run.inProgress()) {
                throw new ServiceError("PipelineExecutionNotStoppableException",
                        "Execution " + executionId + " is " + run.status());
            }
            Instant now = Instant.now();
            PipelineRun stopping = run.withStatus(PipelineRun.STOPPING, reason);
            runs.put(executionId, stopping);
            emitPipeline(stopping, "STOPPING");
            if (abandon && run.awaitingApproval()) {
                ActionRow abandoned = run.approvalRow().finish(ActionRow.ABANDONED, now, null, null, null);
                PipelineRun stopped = stopping.withRow(abandoned).withStatus(PipelineRun.STOPPED, reason);
                runs.put(executionId, stopped);
                emit(stopped, abandoned.action(), "ABANDONED", null);
                emitPipeline(stopped, "STOPPED");
            }
            return object().put("pipelineExecutionId", executionId);
        }
    }

    /** API reference: ListPipelineExecutions (newest first, PipelineExecutionSummary, maxResults 1-100). */
    private JsonNode listPipelineExecutions(JsonNode request) {
        String name = required(request, "pipelineName");
        synchronized (lock) {
            latest(name);
            List<PipelineRun> selected = runs.values().stream().filter(r -> r.pipeline().name().equals(name))
                    .sorted(Comparator.comparing(PipelineRun::started).reversed()).toList();
            ObjectNode response = object();
            ArrayNode summaries = response.putArray("pipelineExecutionSummaries");
            for (PipelineRun run : page(selected, request, response)) {
                ObjectNode summary = summaries.addObject();
                summary.put("pipelineExecutionId", run.executionId());
                summary.put("status", run.status());
                if (run.statusSummary() != null) {
                    summary.put("statusSummary", run.statusSummary());
                }
                summary.put("startTime", epochSeconds(run.started()));
                summary.put("lastUpdateTime", epochSeconds(run.lastUpdate()));
                summary.putObject("trigger").put("triggerType", "StartPipelineExecution");
                if (PipelineRun.STOPPED.equals(run.status()) || PipelineRun.STOPPING.equals(run.status())) {
                    ObjectNode stop = summary.putObject("stopTrigger");
                    if (run.statusSummary() != null) {
                        stop.put("reason", run.statusSummary());
                    }
                }
                summary.put("executionMode", run.pipeline().executionMode());
                summary.put("executionType", "STANDARD");
            }
            return response;
        }
    }

    /** One page of {@code items} per {@code maxResults} (default 100) and {@code nextToken}, as CodePipeline pages. */
    private static <T> List<T> page(List<T> items, JsonNode request, ObjectNode response) {
        int max = request.path("maxResults").asInt(100);
        if (max < 1 || max > 100) {
            throw new ServiceError("ValidationException", "maxResults must be between 1 and 100");
        }
        int from = 0;
        if (request.hasNonNull("nextToken")) {
            try {
                from = Integer.parseInt(request.get("nextToken").asText());
            } catch (NumberFormatException e) {
                throw new ServiceError("InvalidNextTokenException", "The next token is not valid");
            }
            if (from < 0 || from > items.size()) {
                throw new ServiceError("InvalidNextTokenException", "The next token is not valid");
            }
        }
        int to = Math.min(items.size(), from + max);
        if (to < items.size()) {
            response.put("nextToken", Integer.toString(to));
        }
        return items.subList(from, to);
    }

    private JsonNode getPipeline(JsonNode request) {
        String name = required(request, "name");
        synchronized (lock) {
            PipelineDefinition latest = latest(name);
            PipelineDefinition pipeline = latest;
            if (request.hasNonNull("version")) {
                int version = request.get("version").asInt();
                List<PipelineDefinition> versions = pipelines.get(name);
                if (version < 1 || version > versions.size()) {
                    throw new ServiceError("PipelineVersionNotFoundException",
                            "Pipeline " + name + " has no version " + version);
                }
                pipeline = versions.get(version - 1);
            }
            ObjectNode response = object();
            ObjectNode body = response.putObject("pipeline");
            body.put("name", pipeline.name());
            body.put("roleArn", pipeline.roleArn());
            body.putObject("artifactStore").put("type", "S3").put("location",
                    "codepipeline-" + PipelineDefinition.REGION + "-" + PipelineDefinition.ACCOUNT);
            ArrayNode stages = body.putArray("stages");
            for (Action action : pipeline.actions()) {
                ObjectNode declaration = stages.addObject().put("name", action.stage()).putArray("actions").addObject();
                declaration.put("name", action.name());
                declaration.set("actionTypeId", actionTypeId(action));
                declaration.put("runOrder", 1);
                declaration.set("configuration", AwsJson11Server.JSON.valueToTree(action.configuration()));
                action.outputArtifacts().forEach(a -> declaration.withArray("outputArtifacts").addObject().put("name", a));
                action.inputArtifacts().forEach(a -> declaration.withArray("inputArtifacts").addObject().put("name", a));
            }
            body.put("version", pipeline.version());
            body.put("pipelineType", "V2");
            body.put("executionMode", pipeline.executionMode());
            response.putObject("metadata")
                    .put("pipelineArn", pipeline.arn())
                    .put("created", epochSeconds(pipelines.get(name).getFirst().created()))
                    .put("updated", epochSeconds(latest.created()));
            return response;
        }
    }

    private JsonNode getPipelineExecution(JsonNode request) {
        String name = required(request, "pipelineName");
        String executionId = required(request, "pipelineExecutionId");
        synchronized (lock) {
            PipelineRun run = run(name, executionId);
            ObjectNode response = object();
            ObjectNode execution = response.putObject("pipelineExecution");
            execution.put("pipelineName", name);
            execution.put("pipelineVersion", run.pipeline().version());
            execution.put("pipelineExecutionId", executionId);
            execution.put("status", run.status());
            if (run.statusSummary() != null) {
                execution.put("statusSummary", run.statusSummary());
            }
            ObjectNode revision = execution.putArray("artifactRevisions").addObject().put("name", "SourceArtifact");
            if (run.sourceRevision() != null) {
                revision.put("revisionId", run.sourceRevision());
            }
            revision.put("created", epochSeconds(run.started()));
            if (!run.variables().isEmpty()) {
                ArrayNode variables = execution.putArray("variables");
                run.variables().forEach((k, v) -> variables.addObject().put("name", k).put("resolvedValue", v));
            }
            execution.putObject("trigger").put("triggerType", "StartPipelineExecution");
            execution.put("executionMode", run.pipeline().executionMode());
            execution.put("executionType", "STANDARD");
            return response;
        }
    }

    /** API reference: ListActionExecutions (ActionExecutionDetail rows, newest first, maxResults 1-100). */
    private JsonNode listActionExecutions(JsonNode request) {
        String name = required(request, "pipelineName");
        String executionId = request.path("filter").path("pipelineExecutionId").asText(null);
        synchronized (lock) {
            latest(name);
            List<PipelineRun> selected = executionId != null
                    ? List.of(run(name, executionId))
                    : runs.values().stream().filter(r -> r.pipeline().name().equals(name)).toList();
            List<ObjectNode> rows = new ArrayList<>();
            List<Map.Entry<PipelineRun, ActionRow>> all = new ArrayList<>();
            selected.forEach(run -> run.rows().forEach(row -> all.add(Map.entry(run, row))));
            all.sort(Comparator.comparing((Map.Entry<PipelineRun, ActionRow> e) -> e.getValue().startTime())
                    .thenComparing(e -> e.getKey().rows().indexOf(e.getValue())).reversed());
            all.forEach(e -> rows.add(actionExecutionDetail(e.getKey(), e.getValue())));
            ObjectNode response = object();
            ArrayNode details = response.putArray("actionExecutionDetails");
            page(rows, request, response).forEach(details::add);
            return response;
        }
    }

    private JsonNode putApprovalResult(JsonNode request, String accessKeyId) {
        String name = required(request, "pipelineName");
        String stage = required(request, "stageName");
        String action = required(request, "actionName");
        String token = required(request, "token");
        String status = required(request.path("result"), "status");
        String summary = required(request.path("result"), "summary");
        synchronized (lock) {
            PipelineDefinition pipeline = latest(name);
            if (pipeline.actions().stream().noneMatch(a -> a.stage().equals(stage))) {
                throw new ServiceError("StageNotFoundException", "Stage " + stage + " not found in pipeline " + name);
            }
            if (pipeline.find(stage, action).filter(a -> a.type().category().equals("Approval")).isEmpty()) {
                throw new ServiceError("ActionNotFoundException", "Approval action " + action + " not found in stage " + stage);
            }
        }
        synchronized (lock) {
            // The token belongs to one action execution: another action's token is not valid here.
            boolean tokenOfThisAction = runs.values().stream().anyMatch(r -> r.pipeline().name().equals(name)
                    && r.rows().stream().anyMatch(row -> token.equals(row.externalExecutionId())
                            && row.action().stage().equals(stage) && row.action().name().equals(action)));
            if (!tokenOfThisAction) {
                throw new ServiceError("InvalidApprovalTokenException",
                        "The approval token is not valid for " + stage + "/" + action);
            }
        }
        String decidedBy = accessKeyId == null ? approverArn : principals.getOrDefault(accessKeyId, approverArn);
        Instant decidedAt = decide(name, token, status, summary, decidedBy);
        return object().put("approvedAt", epochSeconds(decidedAt));
    }

    // ---- State changes ----------------------------------------------------------------------------------------

    private Instant decide(String pipelineName, String token, String status, String summary, String decidedBy) {
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
            Instant now = Instant.now();
            boolean approved = status.equals("Approved");
            String errorCode = approved ? null : "JobFailed";
            ActionRow decided = approval.finish(approved ? ActionRow.SUCCEEDED : ActionRow.FAILED, now, decidedBy, summary,
                    errorCode);
            PipelineRun updated = run.withRow(decided);
            emit(run, decided.action(), approved ? "SUCCEEDED" : "FAILED",
                    new ExecutionResult(token, summary, null, errorCode));
            boolean stopping = PipelineRun.STOPPING.equals(run.status());
            Optional<Action> nextApproval = approved && !stopping ? run.pipeline().approvalAfter(approval.action())
                    : Optional.empty();
            if (nextApproval.isPresent()) {
                runs.put(run.executionId(), updated);
                enterApproval(updated, nextApproval.get());
                return now;
            }
            if (approved && !stopping) {
                Action deploy = run.pipeline().deployAction();
                String deployId = UUID.randomUUID().toString();
                updated = updated
                        .withRow(new ActionRow(deploy, deployId, ActionRow.SUCCEEDED, now, now, null, deployId, null, null,
                                Map.of()));
                emit(run, deploy, "STARTED", null);
                emit(run, deploy, "SUCCEEDED", new ExecutionResult(deployId, null, null, null));
            }
            String ending = stopping ? PipelineRun.STOPPED : approved ? PipelineRun.SUCCEEDED : PipelineRun.FAILED;
            PipelineRun ended = updated.withStatus(ending, stopping ? run.statusSummary() : null);
            runs.put(run.executionId(), ended);
            emitPipeline(ended, ending.toUpperCase(java.util.Locale.ROOT));
            if (PipelineDefinition.SUPERSEDED.equals(run.pipeline().executionMode())) {
                admitWaiting(pipelineName);
            }
            return now;
        }
    }

    /** Called with {@code lock} held, so events keep the order of the state changes. */
    private void emit(PipelineRun run, Action action, String state, ExecutionResult result) {
        publish(ActionEvents.actionEvent(run.pipeline().name(), run.pipeline().version(), run.executionId(),
                action.stage(), action.name(), action.type(), state, result));
    }

    private void emitPipeline(PipelineRun run, String state) {
        publish(ActionEvents.pipelineEvent(run.pipeline().name(), run.pipeline().version(), run.executionId(), state));
    }

    private void publish(String event) {
        events.add(event);
        if (deliverEvents) {
            eventDelivery.execute(() -> eventSink.accept(event));
        }
    }

    // ---- Lookups and rendering --------------------------------------------------------------------------------

    private PipelineDefinition latest(String name) {
        List<PipelineDefinition> versions = pipelines.get(name);
        if (versions == null) {
            throw new ServiceError("PipelineNotFoundException", "Pipeline " + name + " not found");
        }
        return versions.getLast();
    }

    private PipelineRun run(String pipelineName, String executionId) {
        latest(pipelineName);
        PipelineRun run = runs.get(executionId);
        if (run == null || !run.pipeline().name().equals(pipelineName)) {
            throw new ServiceError("PipelineExecutionNotFoundException",
                    "Execution " + executionId + " not found in pipeline " + pipelineName);
        }
        return run;
    }

    private PipelineRun pendingRun(String pipelineName, String executionId) {
        PipelineRun run = run(pipelineName, executionId);
        if (!run.awaitingApproval()) {
            throw new IllegalStateException(
                    "Execution " + executionId + " is not waiting for an approval (status " + run.status() + ")");
        }
        return run;
    }

    private String tokenOf(String pipelineName, String executionId, String stage, String action) {
        synchronized (lock) {
            ActionRow current = pendingRun(pipelineName, executionId).approvalRow();
            if (!current.action().stage().equals(stage) || !current.action().name().equals(action)) {
                throw new IllegalStateException("Execution " + executionId + " waits at " + current.action().stage() + "/"
                        + current.action().name() + ", not " + stage + "/" + action);
            }
            return current.externalExecutionId();
        }
    }

    private String tokenOf(String pipelineName, String executionId) {
        synchronized (lock) {
            return pendingRun(pipelineName, executionId).approvalRow().externalExecutionId();
        }
    }

    private static String sourceRevision(PipelineDefinition pipeline, JsonNode revisions) {
        String revision = null;
        for (JsonNode entry : revisions) {
            String actionName = entry.path("actionName").asText();
            if (pipeline.find(actionName).filter(a -> a.type().category().equals("Source")).isEmpty()) {
                throw new ServiceError("ValidationException", "Source revision for unknown source action " + actionName);
            }
            if (!"S3_OBJECT_VERSION_ID".equals(entry.path("revisionType").asText())) {
                throw new ServiceError("ValidationException",
                        "Revision type " + entry.path("revisionType").asText() + " is not valid for an S3 source action");
            }
            revision = required(entry, "revisionValue");
        }
        return revision;
    }

    private static Map<String, String> variables(PipelineDefinition pipeline, JsonNode variables) {
        Map<String, String> result = new LinkedHashMap<>();
        for (JsonNode variable : variables) {
            if (!pipeline.variables().containsKey(variable.path("name").asText())) {
                throw new ServiceError("ValidationException", "Variable " + variable.path("name").asText()
                        + " is not declared in pipeline " + pipeline.name());
            }
            String value = variable.path("value").asText("");
            if (value.isEmpty() || value.length() > 1000) {
                throw new ServiceError("ValidationException", "Variable value must be 1 to 1000 characters");
            }
            result.put(required(variable, "name"), value);
        }
        return result;
    }

    private static ObjectNode actionExecutionDetail(PipelineRun run, ActionRow row) {
        ObjectNode detail = object();
        detail.put("pipelineExecutionId", run.executionId());
        detail.put("actionExecutionId", row.actionExecutionId());
        detail.put("pipelineVersion", run.pipeline().version());
        detail.put("stageName", row.action().stage());
        detail.put("actionName", row.action().name());
        detail.put("startTime", epochSeconds(row.startTime()));
        detail.put("lastUpdateTime", epochSeconds(row.lastUpdateTime()));
        if (row.updatedBy() != null) {
            detail.put("updatedBy", row.updatedBy());
        }
        detail.put("status", row.status());
        ObjectNode input = detail.putObject("input");
        input.set("actionTypeId", actionTypeId(row.action()));
        input.set("configuration", AwsJson11Server.JSON.valueToTree(row.action().configuration()));
        input.set("resolvedConfiguration", AwsJson11Server.JSON.valueToTree(
                run.pipeline().resolved(row.action().configuration(), run.variables())));
        input.put("region", PipelineDefinition.REGION);
        row.action().inputArtifacts().forEach(a -> input.withArray("inputArtifacts").addObject().put("name", a));
        ObjectNode output = detail.putObject("output");
        row.action().outputArtifacts().forEach(a -> output.withArray("outputArtifacts").addObject().put("name", a));
        if (!row.outputVariables().isEmpty()) {
            output.set("outputVariables", AwsJson11Server.JSON.valueToTree(row.outputVariables()));
        }
        ObjectNode result = output.putObject("executionResult");
        if (row.externalExecutionId() != null) {
            result.put("externalExecutionId", row.externalExecutionId());
        }
        if (row.externalExecutionSummary() != null) {
            result.put("externalExecutionSummary", row.externalExecutionSummary());
        }
        if (row.errorCode() != null) {
            result.putObject("errorDetails").put("code", row.errorCode()).put("message",
                    Objects.requireNonNullElse(row.externalExecutionSummary(), row.errorCode()));
        }
        return detail;
    }

    private static ObjectNode actionTypeId(Action action) {
        return object()
                .put("category", action.type().category())
                .put("owner", action.type().owner())
                .put("provider", action.type().provider())
                .put("version", action.type().version());
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ServiceError("ValidationException", "1 validation error detected: Value at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    /** The SDK reads JSON 1.1 timestamps as epoch seconds; BigDecimal keeps Jackson from writing 1.7E9. */
    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static ObjectNode object() {
        return AwsJson11Server.JSON.createObjectNode();
    }
}
