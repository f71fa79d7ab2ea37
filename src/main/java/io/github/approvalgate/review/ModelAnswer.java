package io.github.approvalgate.review;

import java.util.Optional;

/**
 * What the model's answer amounts to: a verdict, or why it is none.
 *
 * @param problem why there is no verdict (never the model's text nor the document's)
 * @param guardrailIntervened the answer is a guardrail's intervention ({@code stopReason guardrail_intervened}): no
 *        verdict of the model's
 * @param modelFailed no answer at all: Bedrock could not be called or answered with an error
 */
public record ModelAnswer(Optional<Verdict> verdict, Optional<String> problem, boolean guardrailIntervened,
        boolean modelFailed) {

    static ModelAnswer of(Verdict verdict) {
        return new ModelAnswer(Optional.of(verdict), Optional.empty(), false, false);
    }

    /** An answer without one well-formed verdict. */
    static ModelAnswer none(String problem) {
        return new ModelAnswer(Optional.empty(), Optional.of(problem), false, false);
    }

    /** No answer: the call failed. */
    static ModelAnswer failed(String problem) {
        return new ModelAnswer(Optional.empty(), Optional.of(problem), false, true);
    }

    static ModelAnswer guardrailIntervention() {
        return new ModelAnswer(Optional.empty(), Optional.of("the model stopped with 'guardrail_intervened', not tool_use"),
                true, false);
    }

    /** Why a person decides when there is no verdict. */
    LeftToPerson leftToPerson() {
        return modelFailed ? LeftToPerson.MODEL_ERROR : LeftToPerson.MALFORMED_ANSWER;
    }
}
