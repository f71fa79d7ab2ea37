package io.github.approvalgate.pipeline;

import io.github.approvalgate.source.UnresolvableApprovalException;

/** CodePipeline does not know the execution (or the pipeline) the event names. */
public class PipelineExecutionMissingException extends UnresolvableApprovalException {

    public PipelineExecutionMissingException(String pipeline, String executionId, String reason) {
        super("execution '" + executionId + "' of pipeline '" + pipeline + "' cannot be read: " + reason);
    }
}
