package io.github.approvalgate.pipeline;

import java.util.Map;
import java.util.Optional;

/**
 * A pipeline execution's own status ({@code GetPipelineExecution} or a {@code ListPipelineExecutions} summary).
 *
 * @param status {@code InProgress}, {@code Stopped}, {@code Stopping}, {@code Succeeded}, {@code Superseded},
 *        {@code Failed} or {@code Cancelled} (PipelineExecutionStatus)
 * @param summary CodePipeline's description of the status, or the reason given when the execution was stopped
 * @param variables the execution's resolved pipeline variables (empty for a listing summary)
 */
public record ExecutionStatus(String status, Optional<String> summary, Map<String, String> variables) {

    public static final String IN_PROGRESS = "InProgress";
    public static final String STOPPED = "Stopped";
    public static final String STOPPING = "Stopping";
    public static final String SUPERSEDED = "Superseded";
    public static final String FAILED = "Failed";
    public static final String CANCELLED = "Cancelled";
}
