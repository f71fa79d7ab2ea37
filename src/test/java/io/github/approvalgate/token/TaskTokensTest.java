package io.github.approvalgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskTokensTest {

    @Test
    void fingerprintIsStableShortAndRevealsNothing() {
        String token = "AQCEAAAAKgAAAAMAAAAAAAAAAf9secret";

        String fingerprint = TaskTokens.fingerprint(token);

        assertEquals(fingerprint, TaskTokens.fingerprint(token));
        assertTrue(fingerprint.matches("sha256:[0-9a-f]{12}"), fingerprint);
        assertFalse(fingerprint.contains("secret"));
        assertNotEquals(fingerprint, TaskTokens.fingerprint(token + "x"));
        assertEquals("none", TaskTokens.fingerprint(null));
    }

    @Test
    void startRequestTokenIsStablePerTaskWithinCodePipelinesRulesAndUnlikeTheFingerprint() {
        String token = "AQCEAAAAKgAAAAMAAAAAAAAAAf9secret";

        String requestToken = TaskTokens.startRequestToken(token);

        assertEquals(requestToken, TaskTokens.startRequestToken(token), "every attempt of one task sends the same");
        assertNotEquals(requestToken, TaskTokens.startRequestToken(token + "x"));
        // StartPipelineExecution.clientRequestToken: 1 to 128 characters, [a-zA-Z0-9-]+
        assertTrue(requestToken.matches("[a-zA-Z0-9-]{1,128}"), requestToken);
        assertFalse(requestToken.startsWith(TaskTokens.fingerprint(token).substring("sha256:".length())),
                "not the hash behind the fingerprint in the logs");
    }
}
