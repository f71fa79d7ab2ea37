package io.github.approvalgate.decision;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How an approval request ended. Only {@link #APPROVED} approves; every other ending is {@code is_approved: false}. */
@RegisterForReflection
public enum Decision {
    /** The approval action succeeded: a person (or the decision API) approved. */
    APPROVED,
    /** Someone rejected the approval. */
    REJECTED,
    /** Nobody decided before the approval action's timeout. */
    EXPIRED,
    /** The pipeline execution was stopped (with or without abandon) before or while the approval waited. */
    STOPPED,
    /** The approval action was cancelled, e.g. by an update of the pipeline's structure. */
    CANCELLED,
    /** The execution failed before its approval ran, e.g. the source version could not be read. */
    FAILED,
    /** A newer execution replaced this one before its approval ran. */
    SUPERSEDED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean approved() {
        return this == APPROVED;
    }
}
