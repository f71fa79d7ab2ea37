package io.github.approvalgate.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One execution to check at its request's deadline: the input of the one-time schedule start-approval creates with
 * each request ({@link DeadlineScheduler}).
 */
@RegisterForReflection
public record DeadlineCheck(
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId) {
}
