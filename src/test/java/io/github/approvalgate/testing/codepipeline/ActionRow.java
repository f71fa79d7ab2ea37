package io.github.approvalgate.testing.codepipeline;

import java.time.Instant;

/** One row of {@code ListActionExecutions}: an action's run within one pipeline execution. */
record ActionRow(PipelineDefinition.Action action, String actionExecutionId, String status, Instant startTime,
        Instant lastUpdateTime, String updatedBy, String externalExecutionId, String externalExecutionSummary,
        String errorCode, java.util.Map<String, String> outputVariables) {

    static final String IN_PROGRESS = "InProgress";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";
    static final String ABANDONED = "Abandoned";

    ActionRow finish(String newStatus, Instant at, String by, String summary, String error) {
        return new ActionRow(action, actionExecutionId, newStatus, startTime, at, by, externalExecutionId, summary, error,
                outputVariables);
    }
}
