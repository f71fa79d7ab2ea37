package io.github.approvalgate.testing.codepipeline;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One API call received by a stand-in: the operation name (e.g. {@code PutApprovalResult}), its request body and the
 * caller's access key id (null when the request was not signed).
 */
public record RecordedCall(String operation, JsonNode request, String accessKeyId) {
}
