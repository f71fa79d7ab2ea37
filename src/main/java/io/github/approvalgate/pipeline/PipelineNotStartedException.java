package io.github.approvalgate.pipeline;

/** The request's document is stored, but no approval was started for it: the task must not wait for one. */
public class PipelineNotStartedException extends RuntimeException {

    public PipelineNotStartedException(String pipeline, String sourceVersionId, Exception cause) {
        super("the document was written as S3 version '" + sourceVersionId + "' but pipeline '" + pipeline
                + "' could not be started for it: " + cause.getMessage() + " (if the call took effect and only its "
                + "answer was lost, a retry of this request gets that execution back: same client request token)",
                cause);
    }
}
