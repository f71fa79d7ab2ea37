package io.github.approvalgate.schedule;

/**
 * The request's deadline check (or its first reminder check) could not be scheduled. The execution has started; the state
 * machine retries the task,
 * and start-approval schedules the check again.
 */
public class DeadlineNotScheduledException extends RuntimeException {

    public DeadlineNotScheduledException(String executionId, Throwable cause) {
        this("the deadline check", executionId, cause);
    }

    /** {@code what}: the deadline check, or the first reminder check (retried the same way). */
    public DeadlineNotScheduledException(String what, String executionId, Throwable cause) {
        super(what + " of pipeline execution " + executionId + " could not be scheduled: " + cause.getMessage(), cause);
    }
}
