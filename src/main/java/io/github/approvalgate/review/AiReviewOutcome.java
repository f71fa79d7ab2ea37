package io.github.approvalgate.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What ai-review did with one event: its return value.
 *
 * @param reason for a decision, the summary sent with it; otherwise why nothing was decided
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AiReviewOutcome(
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("stage") String stage,
        @JsonProperty("action") String action,
        @JsonProperty("reason") String reason) {

    @RegisterForReflection
    public enum Outcome {
        /** The AI approved: PutApprovalResult Approved was accepted. */
        @JsonProperty("approved")
        APPROVED,
        /** The AI rejected: PutApprovalResult Rejected was accepted. */
        @JsonProperty("rejected")
        REJECTED,
        /** The AI escalated: nothing was decided, the approval waits for a person, who was told why. */
        @JsonProperty("escalated")
        ESCALATED,
        /** No well-formed verdict (or no document to review): the approval waits for a person. */
        @JsonProperty("no-decision")
        NO_DECISION,
        /** The approval was no longer waiting, or a person decided it first: nothing was sent. */
        @JsonProperty("stood-down")
        STOOD_DOWN,
        /** Not the AI approval action's start: nothing was called. */
        @JsonProperty("ignored")
        IGNORED
    }
}
