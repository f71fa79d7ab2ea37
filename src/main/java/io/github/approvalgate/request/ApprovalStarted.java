package io.github.approvalgate.request;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What start-approval returns. It lands in the execution history, so it carries the request without its token;
 * {@code pipeline} (the pool pipeline the request runs in, the one a reviewer decides in) and
 * {@code pipeline_execution_id} are null when no pipeline is configured.
 */
@RegisterForReflection
public record ApprovalStarted(
        @JsonProperty("params") ApprovalRequest params,
        @JsonProperty("s3_version_id") String s3VersionId,
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId) {
}
