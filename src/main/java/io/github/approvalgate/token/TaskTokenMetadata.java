package io.github.approvalgate.token;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Step Functions task token lives in the S3 object's user metadata, and how much of it fits.
 *
 * <p>
 * The reference article's boto3 code passes {@code Metadata={'x-amz-meta-sfntoken': token}}; boto3 adds its own
 * {@code x-amz-meta-} prefix, so the header on the wire is {@code x-amz-meta-x-amz-meta-sfntoken} and every SDK reads it
 * back under {@link #KEY}. The Java SDK sends a key that already starts with {@code x-amz-meta-} as it is, so we write
 * the doubled header explicitly: objects stay interchangeable with the Python functions in both directions.
 */
public final class TaskTokenMetadata {

    /** The token's user-metadata key as S3 clients read it back. */
    public static final String KEY = "x-amz-meta-sfntoken";

    /** The same token written by a Java client that passed {@link #KEY} as is (one prefix, not two). */
    static final String SINGLE_PREFIX_KEY = "sfntoken";

    /** Shown by CodePipeline as the source revision's summary, so the approver sees what the request is. */
    public static final String REVISION_SUMMARY_KEY = "codepipeline-artifact-revision-summary";

    /** S3's limit on user-defined metadata: the UTF-8 bytes of every key and value, together. */
    public static final int USER_METADATA_LIMIT_BYTES = 2048;

    private static final String HEADER_PREFIX = "x-amz-meta-";

    private TaskTokenMetadata() {
    }

    /**
     * The user metadata to store with the request's document. The token must fit; the summary is shortened to what is
     * left and dropped when nothing is.
     *
     * @throws TaskTokenTooLargeException when the token alone exceeds S3's metadata limit
     */
    public static Map<String, String> forRequest(String token, String revisionSummary) {
        int tokenBytes = sizeOf(KEY, token);
        if (tokenBytes > USER_METADATA_LIMIT_BYTES) {
            throw new TaskTokenTooLargeException(token.getBytes(UTF_8).length,
                    USER_METADATA_LIMIT_BYTES - KEY.getBytes(UTF_8).length);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(HEADER_PREFIX + KEY, token);
        int left = USER_METADATA_LIMIT_BYTES - tokenBytes - REVISION_SUMMARY_KEY.getBytes(UTF_8).length;
        String summary = truncateUtf8(revisionSummary, left);
        if (!summary.isEmpty()) {
            metadata.put(REVISION_SUMMARY_KEY, summary);
        }
        return metadata;
    }

    /** The token in metadata as an S3 client returns it, whichever way it was written. */
    public static Optional<String> tokenIn(Map<String, String> metadata) {
        return Optional.ofNullable(metadata.get(KEY))
                .or(() -> Optional.ofNullable(metadata.get(SINGLE_PREFIX_KEY)))
                .filter(token -> !token.isBlank());
    }

    private static int sizeOf(String key, String value) {
        return key.getBytes(UTF_8).length + value.getBytes(UTF_8).length;
    }

    private static String truncateUtf8(String text, int maxBytes) {
        if (maxBytes <= 0) {
            return "";
        }
        byte[] bytes = text.getBytes(UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // never cut a multi-byte character in half
        }
        return new String(bytes, 0, end, UTF_8);
    }
}
