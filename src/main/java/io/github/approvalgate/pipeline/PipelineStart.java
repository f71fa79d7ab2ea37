package io.github.approvalgate.pipeline;

/** The execution started for a request, and the pool pipeline it runs in (the one a reviewer decides in). */
public record PipelineStart(String pipeline, String executionId) {
}
