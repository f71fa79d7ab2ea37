package io.github.approvalgate.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.github.approvalgate.input.WireName;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What was done with one execution's decision: approval-result's return value, and one line of a sweep's report. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryOutcome(
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("is_approved") Boolean approved,
        @JsonProperty("decision") Decision decision,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("reason") String reason) {

    @RegisterForReflection
    public enum Outcome {
        /** The decision reached the waiting task. */
        @JsonProperty("delivered")
        DELIVERED,
        /** Step Functions had already closed the task (a duplicate or late event): nothing to do. */
        @JsonProperty("task-closed")
        TASK_CLOSED,
        /** The request's version is already marked with its decision: nothing was sent. */
        @JsonProperty("already-delivered")
        ALREADY_DELIVERED,
        /** The request has no decision yet: its approval still waits. */
        @JsonProperty("pending")
        PENDING,
        /** An approval stage approved and a later one has yet to decide: nothing was sent. */
        @JsonProperty("not-final")
        NOT_FINAL,
        /** Not an event that can carry a decision: nothing was called. */
        @JsonProperty("ignored")
        IGNORED;

        /** The name the answer and the logs give it, e.g. {@code task-closed} (each constant's JsonProperty). */
        public String wireName() {
            return WireName.of(this);
        }
    }

    public static DeliveryOutcome ignored(String reason) {
        return new DeliveryOutcome(Outcome.IGNORED, null, null, null, reason);
    }
}
