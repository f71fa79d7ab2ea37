package io.github.approvalgate.pipeline;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionOutput;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionResult;

/** Reads who decided an approval action, for the decision record sent back to the workflow. */
@ApplicationScoped
public class ApprovalReviews {

    private final CodePipelineClient codePipeline;

    ApprovalReviews(CodePipelineClient codePipeline) {
        this.codePipeline = codePipeline;
    }

    public ApprovalReview of(String pipeline, String executionId, String stage, String action) {
        return codePipeline.listActionExecutionsPaginator(list -> list
                .pipelineName(pipeline)
                .filter(filter -> filter.pipelineExecutionId(executionId)))
                .actionExecutionDetails().stream()
                .filter(row -> stage.equals(row.stageName()) && action.equals(row.actionName()))
                .findFirst()
                .map(ApprovalReviews::reviewOf)
                .orElse(ApprovalReview.NONE);
    }

    private static ApprovalReview reviewOf(ActionExecutionDetail row) {
        Optional<String> comment = Optional.ofNullable(row.output())
                .map(ActionExecutionOutput::executionResult)
                .map(ActionExecutionResult::externalExecutionSummary)
                .filter(summary -> !summary.isBlank());
        return new ApprovalReview(Optional.ofNullable(row.updatedBy()), comment);
    }
}
