package io.github.approvalgate.infra;

/** The template's {@code ReviewMode} parameter values: which approval stages its pipeline has. */
public enum ReviewMode {
    HUMAN("Human"),
    AI_THEN_HUMAN("AiThenHuman"),
    AI("Ai");

    private final String parameterValue;

    ReviewMode(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value of the template's {@code ReviewMode} parameter. */
    public String parameterValue() {
        return parameterValue;
    }
}
