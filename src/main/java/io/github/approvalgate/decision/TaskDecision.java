package io.github.approvalgate.decision;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The waiting task's output. {@code is_approved} stays top-level, as in the reference design, so its Choice state
 * ({@code $.is_approved}) works unchanged; {@code decision} says how the request ended, {@code reason} is CodePipeline's
 * own explanation where it gives one, {@code comment} is only ever what a reviewer wrote, and {@code reviews} lists every
 * approval action of the execution in order.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDecision(
        @JsonProperty("is_approved") boolean approved,
        @JsonProperty("decision") Decision decision,
        @JsonProperty("reason") String reason,
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("stage") String stage,
        @JsonProperty("action") String action,
        @JsonProperty("action_state") String actionState,
        @JsonProperty("reviewer") String reviewer,
        @JsonProperty("comment") String comment,
        @JsonProperty("decided_at") String decidedAt,
        @JsonProperty("s3_version_id") String s3VersionId,
        @JsonProperty("reviews") List<Review> reviews) {
}
