package io.github.approvalgate.request;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a request's execution was started ({@link StartRecords}); every field is null while the first attempt has
 * claimed the record but not yet started anything.
 */
@RegisterForReflection
public record StartRecord(
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("s3_version_id") String s3VersionId) {

    static final StartRecord CLAIMED = new StartRecord(null, null, null);

    boolean started() {
        return pipeline != null && pipelineExecutionId != null && s3VersionId != null;
    }
}
