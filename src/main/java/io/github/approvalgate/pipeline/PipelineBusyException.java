package io.github.approvalgate.pipeline;

/**
 * CodePipeline refused to start an execution for now: the pipeline runs as many executions as its quota allows, or the
 * call was throttled. The request is fine; the state machine retries it until a slot frees up.
 */
public class PipelineBusyException extends RuntimeException {

    /** @param pipeline the last pipeline of the pool asked */
    public PipelineBusyException(String pipeline, int poolSize, String sourceVersionId, String errorCode) {
        super("pipeline '" + pipeline + "'" + (poolSize == 1 ? "" : " (the last of a pool of " + poolSize + " asked)")
                + " cannot start another execution now (" + errorCode + "); the document written as S3 version '"
                + sourceVersionId + "' waits for a free slot");
    }
}
