package io.github.approvalgate.token;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Task tokens are bearer secrets: anyone holding one can complete the task. Logs get a fingerprint instead. */
public final class TaskTokens {

    private TaskTokens() {
    }

    /** Prefix of what {@link #startRequestToken} hashes, so it never equals the hash behind a fingerprint. */
    private static final String START_REQUEST_DOMAIN = "approval-gate/start-pipeline-execution/";

    /** A stable, non-reversible reference such as {@code sha256:1f2e3d4c5b6a} to correlate log lines. */
    public static String fingerprint(String token) {
        if (token == null || token.isEmpty()) {
            return "none";
        }
        return "sha256:" + HexFormat.of().formatHex(sha256(token), 0, 6);
    }

    /**
     * The {@code clientRequestToken} of the pipeline execution started for this task: the same for every attempt of
     * one task (Step Functions' Retry sends the same task token again), unique per task, and not reversible. 64 hex
     * digits, within StartPipelineExecution's 1 to 128 characters of {@code [a-zA-Z0-9-]+}.
     */
    public static String startRequestToken(String token) {
        return HexFormat.of().formatHex(sha256(START_REQUEST_DOMAIN + token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
