package io.github.approvalgate.token;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Task tokens are bearer secrets: anyone holding one can complete the task. Logs get a fingerprint instead. */
public final class TaskTokens {

    private TaskTokens() {
    }

    /** A stable, non-reversible reference such as {@code sha256:1f2e3d4c5b6a} to correlate log lines. */
    public static String fingerprint(String token) {
        if (token == null || token.isEmpty()) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
