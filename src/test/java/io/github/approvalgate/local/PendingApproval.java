package io.github.approvalgate.local;

import java.time.Instant;

/** An execution waiting at the approval action; {@code sourceVersionId} is the S3 object version it started from. */
public record PendingApproval(String pipelineName, String executionId, String sourceVersionId, String token, Instant since) {

    @Override
    public String toString() {
        // The token is a credential for PutApprovalResult: never print it in full.
        return "PendingApproval[pipeline=" + pipelineName + ", execution=" + executionId + ", sourceVersionId=" + sourceVersionId
                + ", token=" + token.substring(0, Math.min(8, token.length())) + "…, since=" + since + "]";
    }
}
