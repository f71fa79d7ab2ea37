package io.github.approvalgate.review;

/**
 * Why an AI review left its approval to a person: the {@code Reason} of metric
 * {@link io.github.approvalgate.observe.Metric#AI_REVIEWS_LEFT_TO_PERSON}. Counted once per run of the AI action.
 */
public enum LeftToPerson {
    /** The model's verdict was escalate. */
    ESCALATED("escalated"),
    /** The guardrail intervened and the intervention mode escalates. */
    GUARDRAIL("guardrail"),
    /** Bedrock could not be called or answered with an error. */
    MODEL_ERROR("model-error"),
    /** The model answered without one well-formed verdict. */
    MALFORMED_ANSWER("malformed-answer"),
    /** No document to review: no object version, no approval token, or a document too large or not text. */
    NO_DOCUMENT("no-document"),
    /** No model configured. */
    NOT_CONFIGURED("not-configured"),
    /** A verdict could not be acted on (its call failed for good), or an earlier invocation asked and recorded none. */
    GAVE_UP("gave-up");

    private final String wireName;

    LeftToPerson(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
