package io.github.approvalgate.testing.codepipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.approvalgate.testing.codepipeline.PipelineDefinition.Action;

/**
 * CodePipeline's JSON 1.1 operations over {@link Executions}: each request checked and read as CodePipeline reads it,
 * each answer shaped as its API reference gives it (the SDK parses them into its own types).
 */
final class CodePipelineApi implements AwsJson11Server.Operations {

    private final Executions executions;
    private final Map<String, Deque<ServiceError>> injectedFailures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answersToLose = new ConcurrentHashMap<>();
    private final Map<String, String> principals = new ConcurrentHashMap<>();
    private volatile String approverArn = CodePipelineStandIn.DEFAULT_APPROVER;
    private volatile BiConsumer<String, JsonNode> beforeCall = NO_HOOK;
    private static final BiConsumer<String, JsonNode> NO_HOOK = (operation, request) -> {
    };

    CodePipelineApi(Executions executions) {
        this.executions = executions;
    }

    void approverArn(String arn) {
        this.approverArn = Objects.requireNonNull(arn);
    }

    void principal(String accessKeyId, String arn) {
        principals.put(accessKeyId, arn);
    }

    /** Who decides: the principal of the caller's access key, else the approver. */
    String decidedBy(String accessKeyId) {
        return accessKeyId == null ? approverArn : principals.getOrDefault(accessKeyId, approverArn);
    }

    void failNext(String operation, ServiceError error, int times) {
        Deque<ServiceError> failures = injectedFailures.computeIfAbsent(operation, o -> new ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            failures.add(error);
        }
    }

    void loseNextAnswers(String operation, int times) {
        answersToLose.computeIfAbsent(operation, o -> new AtomicInteger()).set(times);
    }

    @Override
    public boolean loseAnswer(String operation) {
        AtomicInteger left = answersToLose.get(operation);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    void beforeEachCall(BiConsumer<String, JsonNode> hook) {
        this.beforeCall = Objects.requireNonNull(hook);
    }

    void reset() {
        injectedFailures.clear();
        answersToLose.clear();
        beforeCall = NO_HOOK;
    }

    @Override
    public JsonNode apply(String operation, JsonNode request, String accessKeyId) {
        beforeCall.accept(operation, request);
        Deque<ServiceError> failures = injectedFailures.get(operation);
        ServiceError injected = failures == null ? null : failures.poll();
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
        PipelineDefinition pipeline = executions.latest(name);
        Map<String, String> variables = variables(pipeline, request.path("variables"));
        String sourceRevision = sourceRevision(pipeline, request.path("sourceRevisions"));
        String executionId = executions.start(name, request.path("clientRequestToken").asText(null), variables,
                sourceRevision);
        return object().put("pipelineExecutionId", executionId);
    }

    /** API reference: StopPipelineExecution. */
    private JsonNode stopPipelineExecution(JsonNode request) {
        String name = required(request, "pipelineName");
        String executionId = required(request, "pipelineExecutionId");
        String reason = request.path("reason").asText(null);
        if (reason != null && reason.length() > 200) {
            throw new ServiceError("ValidationException", "reason must be at most 200 characters");
        }
        executions.stop(name, executionId, request.path("abandon").asBoolean(false), reason);
        return object().put("pipelineExecutionId", executionId);
    }

    private JsonNode putApprovalResult(JsonNode request, String accessKeyId) {
        String name = required(request, "pipelineName");
        String stage = required(request, "stageName");
        String action = required(request, "actionName");
        String token = required(request, "token");
        String status = required(request.path("result"), "status");
        String summary = required(request.path("result"), "summary");
        executions.requireApprovalToken(name, stage, action, token);
        Instant decidedAt = executions.decide(name, token, status, summary, decidedBy(accessKeyId));
        return object().put("approvedAt", epochSeconds(decidedAt));
    }

    private JsonNode getPipeline(JsonNode request) {
        String name = required(request, "name");
        List<Executions.Version> versions = executions.versions(name);
        int version = versions.size();
        if (request.hasNonNull("version")) {
            version = request.get("version").asInt();
            if (version < 1 || version > versions.size()) {
                throw new ServiceError("PipelineVersionNotFoundException", "Pipeline " + name + " has no version " + version);
            }
        }
        PipelineDefinition pipeline = versions.get(version - 1).definition();
        ObjectNode response = object();
        ObjectNode body = response.putObject("pipeline");
        body.put("name", pipeline.name());
        body.put("roleArn", pipeline.roleArn());
        body.putObject("artifactStore").put("type", "S3").put("location",
                "codepipeline-" + PipelineDefinition.REGION + "-" + PipelineDefinition.ACCOUNT);
        ArrayNode stages = body.putArray("stages");
        Map<String, ArrayNode> stageActions = new java.util.HashMap<>();
        for (Action action : pipeline.actions()) {
            ObjectNode declaration = stageActions.computeIfAbsent(action.stage(),
                    stage -> stages.addObject().put("name", stage).putArray("actions")).addObject();
            declaration.put("name", action.name());
            declaration.set("actionTypeId", actionTypeId(action));
            declaration.put("runOrder", action.runOrder());
            declaration.set("configuration", AwsJson11Server.JSON.valueToTree(action.configuration()));
            action.outputArtifacts().forEach(a -> declaration.withArray("outputArtifacts").addObject().put("name", a));
            action.inputArtifacts().forEach(a -> declaration.withArray("inputArtifacts").addObject().put("name", a));
        }
        body.put("version", version);
        body.put("pipelineType", "V2");
        body.put("executionMode", pipeline.executionMode());
        response.putObject("metadata")
                .put("pipelineArn", pipeline.arn())
                .put("created", epochSeconds(versions.getFirst().created()))
                .put("updated", epochSeconds(versions.getLast().created()));
        return response;
    }

    private JsonNode getPipelineExecution(JsonNode request) {
        String name = required(request, "pipelineName");
        String executionId = required(request, "pipelineExecutionId");
        PipelineRun run = executions.run(name, executionId);
        ObjectNode response = object();
        ObjectNode execution = response.putObject("pipelineExecution");
        execution.put("pipelineName", name);
        execution.put("pipelineVersion", run.pipelineVersion());
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

    /** API reference: ListPipelineExecutions (newest first, PipelineExecutionSummary, maxResults 1-100). */
    private JsonNode listPipelineExecutions(JsonNode request) {
        String name = required(request, "pipelineName");
        List<PipelineRun> selected = executions.runs(name).stream()
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

    /** API reference: ListActionExecutions (ActionExecutionDetail rows, newest first, maxResults 1-100). */
    private JsonNode listActionExecutions(JsonNode request) {
        String name = required(request, "pipelineName");
        String executionId = request.path("filter").path("pipelineExecutionId").asText(null);
        List<PipelineRun> selected = executionId != null ? List.of(executions.run(name, executionId)) : executions.runs(name);
        List<Map.Entry<PipelineRun, ActionRow>> all = new ArrayList<>();
        selected.forEach(run -> run.rows().forEach(row -> all.add(Map.entry(run, row))));
        all.sort(Comparator.comparing((Map.Entry<PipelineRun, ActionRow> e) -> e.getValue().startTime())
                .thenComparing(e -> e.getKey().rows().indexOf(e.getValue())).reversed());
        List<ObjectNode> rows = new ArrayList<>();
        all.forEach(e -> rows.add(actionExecutionDetail(e.getKey(), e.getValue())));
        ObjectNode response = object();
        ArrayNode details = response.putArray("actionExecutionDetails");
        page(rows, request, response).forEach(details::add);
        return response;
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
        detail.put("pipelineVersion", run.pipelineVersion());
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
