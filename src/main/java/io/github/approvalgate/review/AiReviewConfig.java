package io.github.approvalgate.review;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The AI reviewer's settings ({@code APPROVAL_GATE_AI_*} in the environment; the stack sets them from its parameters). */
@ConfigMapping(prefix = "approval-gate.ai")
public interface AiReviewConfig {

    /** The stage of the manual approval action the AI decides. */
    @WithDefault("AiReview")
    String stageName();

    /** The manual approval action the AI decides; the reviewer acts on no other. */
    @WithDefault("AiReview")
    String actionName();

    /** Bedrock model id or inference profile id (or ARN) for Converse; without it no review is attempted. */
    Optional<String> modelId();

    /**
     * The review instructions: the system prompt. They are the only instructions the model gets; the document is data.
     */
    @WithDefault("You review change requests before they are applied. Approve a request only when it is complete, "
            + "clear and low-risk; reject it when it is incomplete, risky, or asks for something it should not. "
            + "When you cannot tell, escalate it to a person.")
    String instructions();

    /**
     * The approval notification topic: when the AI escalates, a person is told why here. Without it, the approval waits
     * as it is, with CodePipeline's own notification only.
     */
    Optional<String> notificationTopicArn();

    /**
     * An Amazon Bedrock guardrail to apply to the document (its id or ARN); with {@link #guardrailVersion()}. Without
     * it, Converse gets no guardrail.
     */
    Optional<String> guardrailId();

    /** The guardrail's version ({@code DRAFT} or a number); required with {@link #guardrailId()}. */
    Optional<String> guardrailVersion();

    /**
     * What a guardrail intervention ({@code stopReason guardrail_intervened}) counts as; never an approval. The stack
     * sets it per review mode.
     */
    @WithDefault("reject")
    GuardrailIntervention guardrailIntervention();

    /** A guardrail intervention leads to this verdict. */
    enum GuardrailIntervention {
        /** Rejected at once: nobody is expected to decide the request otherwise (review mode {@code Ai}). */
        REJECT,
        /** Left to a person, told why: a person decides after the AI anyway (review mode {@code AiThenHuman}). */
        ESCALATE
    }

    /** Upper bound of the model's answer, in tokens: the verdict needs a few hundred at most. */
    @WithDefault("512")
    int maxTokens();

    /** Larger documents are left to a person, never cut. */
    @WithDefault("100000")
    int maxDocumentBytes();
}
