package io.github.approvalgate.schedule;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The per-request deadline check ({@code APPROVAL_GATE_DEADLINE_*} in start-approval's environment): an EventBridge
 * Scheduler one-time schedule that runs approval-sweep for exactly one execution.
 */
@ConfigMapping(prefix = "approval-gate.deadline")
public interface DeadlineConfig {

    /** The schedule group; when absent no check is scheduled (the template always sets it). */
    Optional<String> scheduleGroup();

    /** What the schedule invokes: approval-sweep's {@code live} alias. */
    Optional<String> targetArn();

    /** The role EventBridge Scheduler assumes to invoke the target. */
    Optional<String> roleArn();

    /** Where Scheduler puts a check it could not invoke (its dead-letter queue). */
    Optional<String> deadLetterArn();

    /**
     * From the start of the execution to its check: every approval stage's timeout plus a margin (the Source stage,
     * event delivery), and less than the task timeout, so that the check can still reach the waiting task.
     */
    @WithDefault("PT168H5M")
    Duration after();
}
