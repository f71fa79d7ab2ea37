package io.github.approvalgate.review;

import java.util.Optional;

/**
 * What the model's answer amounts to: a verdict, or why it is none.
 *
 * @param problem why there is no verdict (never the model's text nor the document's)
 * @param guardrailIntervened the answer is a guardrail's intervention ({@code stopReason guardrail_intervened}): no
 *        verdict of the model's
 */
public record ModelAnswer(Optional<Verdict> verdict, Optional<String> problem, boolean guardrailIntervened) {

    static ModelAnswer of(Verdict verdict) {
        return new ModelAnswer(Optional.of(verdict), Optional.empty(), false);
    }

    static ModelAnswer none(String problem) {
        return new ModelAnswer(Optional.empty(), Optional.of(problem), false);
    }

    static ModelAnswer guardrailIntervention() {
        return new ModelAnswer(Optional.empty(), Optional.of("the model stopped with 'guardrail_intervened', not tool_use"),
                true);
    }
}
