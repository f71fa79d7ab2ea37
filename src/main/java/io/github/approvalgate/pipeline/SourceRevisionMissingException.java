package io.github.approvalgate.pipeline;

import io.github.approvalgate.source.UnresolvableApprovalException;

/** The execution ran without an S3 object version we can trace, so no task token can be found for it. */
public class SourceRevisionMissingException extends UnresolvableApprovalException {

    public SourceRevisionMissingException(String pipeline, String executionId, String reason) {
        super("execution '" + executionId + "' of pipeline '" + pipeline + "' has no S3 source revision: " + reason);
    }
}
