package io.github.approvalgate.sweep;

/**
 * The request's deadline check could not be scheduled. The execution has started; the state machine retries the task,
 * and start-approval schedules the check again.
 */
public class DeadlineNotScheduledException extends RuntimeException {

    public DeadlineNotScheduledException(String executionId, Throwable cause) {
        super("the deadline check of pipeline execution " + executionId + " could not be scheduled: "
                + cause.getMessage(), cause);
    }
}
