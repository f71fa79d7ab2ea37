package io.github.approvalgate.reminder;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One reminder check of one execution: the input of a one-time schedule ({@link ReminderScheduler}).
 *
 * @param check the check's number in the execution's chain, from 1
 * @param schedulerRoleArn the role Scheduler assumes for the next check, as start-approval configured it (the sweep
 *        function cannot name that role in its environment: the role may invoke the function's alias, a cycle)
 */
@RegisterForReflection
public record ReminderCheck(
        @JsonProperty("pipeline") String pipeline,
        @JsonProperty("pipeline_execution_id") String pipelineExecutionId,
        @JsonProperty("check") int check,
        @JsonProperty("scheduler_role_arn") String schedulerRoleArn) {

    /** The key of a reminder check in approval-sweep's input. */
    public static final String INPUT_KEY = "reminder_check";

    /** The schedule's name: unique per execution and check, at most 36 + 13 characters (Scheduler allows 64). */
    String scheduleName() {
        return pipelineExecutionId + "-reminder-" + check;
    }
}
