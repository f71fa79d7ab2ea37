package io.github.approvalgate.testing.codepipeline;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * EventBridge events of detail-type {@code CodePipeline Action Execution State Change}, shaped after the emitted-event
 * samples in the AWS CodePipeline User Guide page "Monitoring CodePipeline events" (section "Action-level events").
 * {@code detail.version} is the pipeline version as a number; {@code type.version} is a string, as in those samples.
 */
public final class ActionEvents {

    public static final String DETAIL_TYPE = "CodePipeline Action Execution State Change";
    public static final String PIPELINE_DETAIL_TYPE = "CodePipeline Pipeline Execution State Change";
    public static final String SOURCE = "aws.codepipeline";

    /** The {@code execution-result} object; null fields are left out. */
    public record ExecutionResult(String externalExecutionId, String externalExecutionSummary, String externalExecutionUrl,
            String errorCode) {
    }

    private ActionEvents() {
    }

    /** An event for the manual approval action {@code Approval} of stage {@code Approval}, pipeline version 1. */
    public static String approvalEvent(String pipeline, String executionId, String state) {
        return actionEvent(pipeline, 1, executionId, PipelineDefinition.APPROVAL, PipelineDefinition.APPROVAL,
                new PipelineDefinition.ActionType("Approval", "AWS", "Manual", "1"), state, null);
    }

    /** An event for any action category (e.g. {@code Build}) and state (e.g. {@code STARTED}). */
    public static String actionEvent(String pipeline, String executionId, String stage, String action, String category,
            String provider, String state) {
        return actionEvent(pipeline, 1, executionId, stage, action,
                new PipelineDefinition.ActionType(category, "AWS", provider, "1"), state, null);
    }

    /** An approval outcome event (state {@code SUCCEEDED} or {@code FAILED}) carrying an {@code execution-result}. */
    public static String approvalEvent(String pipeline, String executionId, String state, ExecutionResult result) {
        return actionEvent(pipeline, 1, executionId, PipelineDefinition.APPROVAL, PipelineDefinition.APPROVAL,
                new PipelineDefinition.ActionType("Approval", "AWS", "Manual", "1"), state, result);
    }

    /**
     * A {@code CodePipeline Pipeline Execution State Change} event (same user guide page, "Pipeline-level events"):
     * {@code detail} has pipeline, execution-id, state, version and the execution trigger, no stage or action.
     */
    public static String pipelineEvent(String pipeline, int pipelineVersion, String executionId, String state) {
        ObjectNode event = envelope(PIPELINE_DETAIL_TYPE, pipeline);
        ObjectNode detail = event.putObject("detail");
        detail.put("pipeline", pipeline);
        detail.put("execution-id", executionId);
        detail.putObject("execution-trigger").put("trigger-type", "StartPipelineExecution")
                .put("trigger-detail", "arn:aws:sts::" + PipelineDefinition.ACCOUNT + ":assumed-role/start-approval/function");
        detail.put("state", state);
        detail.put("version", pipelineVersion);
        return write(event);
    }

    private static ObjectNode envelope(String detailType, String pipeline) {
        ObjectNode event = AwsJson11Server.JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", SOURCE);
        event.put("account", PipelineDefinition.ACCOUNT);
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", PipelineDefinition.REGION);
        event.putArray("resources")
                .add("arn:aws:codepipeline:" + PipelineDefinition.REGION + ":" + PipelineDefinition.ACCOUNT + ":" + pipeline);
        return event;
    }

    private static String write(ObjectNode event) {
        try {
            return AwsJson11Server.JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String actionEvent(String pipeline, int pipelineVersion, String executionId, String stage, String action,
            PipelineDefinition.ActionType type, String state, ExecutionResult result) {
        ObjectNode event = envelope(DETAIL_TYPE, pipeline);
        ObjectNode detail = event.putObject("detail");
        detail.put("pipeline", pipeline);
        detail.put("execution-id", executionId);
        detail.put("stage", stage);
        detail.put("action", action);
        if (result != null) {
            ObjectNode executionResult = detail.putObject("execution-result");
            putIfPresent(executionResult, "external-execution-url", result.externalExecutionUrl());
            putIfPresent(executionResult, "external-execution-summary", result.externalExecutionSummary());
            putIfPresent(executionResult, "external-execution-id", result.externalExecutionId());
            putIfPresent(executionResult, "error-code", result.errorCode());
        }
        detail.put("state", state);
        detail.put("region", PipelineDefinition.REGION);
        ObjectNode typeNode = detail.putObject("type");
        typeNode.put("owner", type.owner());
        typeNode.put("provider", type.provider());
        typeNode.put("category", type.category());
        typeNode.put("version", type.version());
        detail.put("version", pipelineVersion);
        return write(event);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
