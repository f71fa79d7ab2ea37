package io.github.approvalgate.review;

import java.util.Optional;

/**
 * What the model's answer amounts to: a verdict, or why it is none.
 *
 * @param problem why there is no verdict (never the model's text nor the document's)
 */
public record ModelAnswer(Optional<Verdict> verdict, Optional<String> problem) {

    static ModelAnswer of(Verdict verdict) {
        return new ModelAnswer(Optional.of(verdict), Optional.empty());
    }

    static ModelAnswer none(String problem) {
        return new ModelAnswer(Optional.empty(), Optional.of(problem));
    }
}
