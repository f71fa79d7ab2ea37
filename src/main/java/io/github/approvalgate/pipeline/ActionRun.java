package io.github.approvalgate.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.github.approvalgate.pipeline.event.ActionType;

/**
 * One action's run within a pipeline execution, as {@code ListActionExecutions} reports it (API reference:
 * ActionExecutionDetail, ActionExecutionInput, ActionExecutionOutput).
 *
 * @param status {@code InProgress}, {@code Abandoned}, {@code Succeeded} or {@code Failed} (ActionExecutionStatus)
 * @param updatedBy who decided a manual approval; absent when it expired or is still waiting
 * @param summary {@code output.executionResult.externalExecutionSummary}: an approver's comment
 * @param errorMessage {@code output.executionResult.errorDetails.message} of a failed action
 * @param externalExecutionId {@code output.executionResult.externalExecutionId}: for a manual approval in PARALLEL mode,
 *        the token {@code PutApprovalResult} needs (a secret: never log it)
 * @param resolvedConfiguration {@code input.resolvedConfiguration}: the configuration with pipeline variables
 *        resolved, as the approver sees it (a manual approval's NotificationArn, CustomData, ExternalEntityLink)
 */
public record ActionRun(
        String stage,
        String action,
        String category,
        String provider,
        String status,
        Optional<String> updatedBy,
        Optional<String> summary,
        Optional<String> errorMessage,
        Map<String, String> configuration,
        Map<String, String> outputVariables,
        Instant startTime,
        Instant lastUpdateTime,
        Optional<String> externalExecutionId,
        Map<String, String> resolvedConfiguration) {

    public static final String IN_PROGRESS = "InProgress";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String ABANDONED = "Abandoned";

    /** {@code Stage/Action}, as {@link ApprovalActions} names the approval actions an execution must pass. */
    public String stageAction() {
        return stage + "/" + action;
    }

    public boolean isApproval() {
        return ActionType.APPROVAL_CATEGORY.equals(category);
    }

    public boolean isS3Source() {
        return "Source".equals(category) && "S3".equals(provider);
    }

    /** The approval token ({@code externalExecutionId}) is a credential for PutApprovalResult: never printed. */
    @Override
    public String toString() {
        return "ActionRun[" + stage + "/" + action + ", " + category + "/" + provider + ", status=" + status
                + ", updatedBy=" + updatedBy.orElse(null) + ", startTime=" + startTime + ", lastUpdateTime="
                + lastUpdateTime + "]";
    }
}
