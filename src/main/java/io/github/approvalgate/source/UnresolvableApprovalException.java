package io.github.approvalgate.source;

/**
 * An approval decision that cannot be traced back to its waiting task. Thrown before anything is sent to Step
 * Functions, so the event stays with Lambda's retries and on-failure destination instead of being lost or guessed.
 */
public abstract class UnresolvableApprovalException extends RuntimeException {

    protected UnresolvableApprovalException(String message) {
        super(message);
    }
}
