package io.github.approvalgate.local;

import com.fasterxml.jackson.databind.JsonNode;

/** One API call received by a stand-in: the operation name (e.g. {@code PutApprovalResult}) and its request body. */
public record RecordedCall(String operation, JsonNode request) {
}
