package io.github.approvalgate.decision;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.review.AiReviewRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One approval action of the execution, as the workflow sees it in {@code reviews}.
 *
 * @param reviewer who decided: a person's or the AI reviewer's role ARN ({@code updatedBy}); absent when nobody did
 * @param decision {@code approved}, {@code rejected}, {@code expired}, {@code abandoned} or {@code pending}
 * @param model for the AI stage: the Bedrock model or inference profile whose verdict {@code aiVerdict} is (the one that
 *        decided when {@code reviewer} is the AI reviewer); absent on other stages
 * @param aiVerdict for the AI stage: what the AI answered, {@code approve}, {@code reject} or {@code escalate} (a
 *        person then decided)
 * @param aiReason for the AI stage: the AI's reason for that verdict
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Review(
        @JsonProperty("stage") String stage,
        @JsonProperty("action") String action,
        @JsonProperty("reviewer") String reviewer,
        @JsonProperty("decision") String decision,
        @JsonProperty("comment") String comment,
        @JsonProperty("decided_at") String decidedAt,
        @JsonProperty("model") String model,
        @JsonProperty("ai_verdict") String aiVerdict,
        @JsonProperty("ai_reason") String aiReason) {

    /** A run with the AI reviewer's record of it, when it has one with a verdict. */
    static Review of(ActionRun run, Optional<AiReviewRecord> ai) {
        Review review = of(run);
        Optional<AiReviewRecord> verdict = ai.filter(record -> record.step().verdict().isPresent());
        if (verdict.isEmpty()) {
            return review;
        }
        AiReviewRecord record = verdict.get();
        return new Review(review.stage(), review.action(), review.reviewer(), review.decision(), review.comment(),
                review.decidedAt(), record.model(), record.step().verdict().get().wireName(),
                record.reason().orElse(null));
    }

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
                decided && run.lastUpdateTime() != null ? run.lastUpdateTime().toString() : null, null, null, null);
    }
}
