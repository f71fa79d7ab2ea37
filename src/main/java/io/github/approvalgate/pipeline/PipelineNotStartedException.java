package io.github.approvalgate.pipeline;

/** The request's document is stored, but no approval was started for it: the task must not wait for one. */
public class PipelineNotStartedException extends RuntimeException {

    public PipelineNotStartedException(String pipeline, String sourceVersionId, Exception cause) {
        super("the document was written as S3 version '" + sourceVersionId + "' but pipeline '" + pipeline
                + "' could not be started for it: " + cause.getMessage() + " (if the call took effect and only its "
                + "answer was lost, a retry of this request gets that execution back: same client request token)",
                cause);
    }

    private PipelineNotStartedException(String message, Exception cause) {
        super(message, cause);
    }

    /** Another attempt of the same request is writing its start record at this moment: a retry finds what it did. */
    public static PipelineNotStartedException whileAnotherAttemptStarts(Exception cause) {
        return new PipelineNotStartedException("another attempt of this request is starting it at this moment (its "
                + "start record is being written): nothing was written or started; a retry finds what that attempt "
                + "started", cause);
    }
}
