package io.github.approvalgate.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.github.approvalgate.pipeline.ActionRun;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One approval action of the execution, as the workflow sees it in {@code reviews}.
 *
 * @param reviewer who decided: a person's or the AI reviewer's role ARN ({@code updatedBy}); absent when nobody did
 * @param decision {@code approved}, {@code rejected}, {@code expired}, {@code abandoned} or {@code pending}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Review(
        @JsonProperty("stage") String stage,
        @JsonProperty("action") String action,
        @JsonProperty("reviewer") String reviewer,
        @JsonProperty("decision") String decision,
        @JsonProperty("comment") String comment,
        @JsonProperty("decided_at") String decidedAt) {

    static Review of(ActionRun run) {
        String decision = switch (java.util.Objects.requireNonNullElse(run.status(), "")) {
            case ActionRun.SUCCEEDED -> "approved";
            case ActionRun.FAILED -> run.updatedBy().isPresent() ? "rejected" : "expired";
            case ActionRun.ABANDONED -> "abandoned";
            default -> "pending";
        };
        boolean decided = !decision.equals("pending");
        return new Review(run.stage(), run.action(), run.updatedBy().orElse(null), decision,
                run.updatedBy().flatMap(by -> run.summary()).orElse(null),
                decided && run.lastUpdateTime() != null ? run.lastUpdateTime().toString() : null);
    }
}
