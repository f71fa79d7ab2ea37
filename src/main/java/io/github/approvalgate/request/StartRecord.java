package io.github.approvalgate.request;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a request's execution was started ({@link StartRecords}): every field is null while nothing is known (the
 * record was only claimed); only {@code pipeline} is set while a call to that pipeline is in doubt (it failed without
 * a definite answer and may have started an execution).
 */
@RegisterForReflection
public record StartRecord(
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("s3_version_id") String s3VersionId) {

    static final StartRecord CLAIMED = new StartRecord(null, null, null);

    static StartRecord inDoubtAt(String pipeline) {
        return new StartRecord(pipeline, null, null);
    }

    boolean started() {
        return pipeline != null && pipelineExecutionId != null && s3VersionId != null;
    }

    /** The pipeline to ask first: the one an earlier attempt's call went to without a definite answer. */
    Optional<String> inDoubt() {
        return started() ? Optional.empty() : Optional.ofNullable(pipeline);
    }
}
