package io.github.approvalgate.pipeline;

import java.util.List;
import java.util.Optional;

import io.github.approvalgate.source.SourceObject;

/**
 * What one {@code ListActionExecutions} call tells about a pipeline execution: the S3 object it ran on and its
 * approval actions, in the order they started.
 *
 * @param sourceVersionId the object version, from the S3 source action's output variable {@code VersionId}; absent
 *        when the source action did not succeed
 */
public record ExecutionActions(
        String pipeline,
        String executionId,
        SourceObject source,
        Optional<String> sourceVersionId,
        ActionRun sourceRun,
        List<ActionRun> approvals) {
}
