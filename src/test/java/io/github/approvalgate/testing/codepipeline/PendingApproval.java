package io.github.approvalgate.testing.codepipeline;

import java.time.Instant;
import java.util.Map;

/**
 * An execution waiting at an approval action; {@code sourceVersionId} is the S3 object version it started from, and
 * {@code resolvedConfiguration} the action's configuration with pipeline variables resolved (what the approver sees).
 */
public record PendingApproval(String pipelineName, String executionId, String sourceVersionId, String stage,
        String action, String token, Instant since, Map<String, String> resolvedConfiguration) {

    @Override
    public String toString() {
        // The token is a credential for PutApprovalResult: never print it in full.
        return "PendingApproval[pipeline=" + pipelineName + ", execution=" + executionId + ", sourceVersionId="
                + sourceVersionId + ", action=" + stage + "/" + action + ", token="
                + token.substring(0, Math.min(8, token.length())) + "…, since=" + since + "]";
    }
}
