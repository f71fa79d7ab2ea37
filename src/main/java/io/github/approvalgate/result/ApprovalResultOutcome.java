package io.github.approvalgate.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What approval-result did with one event. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalResultOutcome(
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("is_approved") Boolean approved,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("reason") String reason) {

    @RegisterForReflection
    public enum Outcome {
        /** The decision reached the waiting task. */
        @JsonProperty("delivered")
        DELIVERED,
        /** Not an approval decision: nothing was called. */
        @JsonProperty("ignored")
        IGNORED,
        /** Step Functions had already closed the task (a duplicate or late event): nothing to do. */
        @JsonProperty("task-closed")
        TASK_CLOSED
    }

    static ApprovalResultOutcome ignored(String reason) {
        return new ApprovalResultOutcome(Outcome.IGNORED, null, null, reason);
    }
}
