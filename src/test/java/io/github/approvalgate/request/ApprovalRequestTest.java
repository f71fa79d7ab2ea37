package io.github.approvalgate.request;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApprovalRequestTest {

    private final ApprovalRequest request = new ApprovalRequest("very-secret-token", "Step", "bucket", "key",
            "text/html", "<html/>");

    @Test
    void toStringNeverShowsTheToken() {
        String text = request.toString();

        assertFalse(text.contains("very-secret-token"), text);
        assertTrue(text.contains("token=sha256:"), text);
    }

    @Test
    void withoutTokenKeepsEverythingElse() {
        ApprovalRequest copy = request.withoutToken();

        assertNull(copy.token());
        assertTrue(copy.equals(new ApprovalRequest(null, "Step", "bucket", "key", "text/html", "<html/>")));
    }
}
