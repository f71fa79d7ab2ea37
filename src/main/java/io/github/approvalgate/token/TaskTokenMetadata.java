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
     * The user metadata to store with the request's document, every value US-ASCII ({@link MetadataText}): a state name
     * or object key in any script reaches S3 RFC 2047 encoded. The token must fit; the summary is shortened to what is
     * left once encoded, and dropped when nothing is.
     *
     * @throws TaskTokenTooLargeException when the token alone exceeds S3's metadata limit
     */
    public static Map<String, String> forRequest(String token, String revisionSummary) {
        String encodedToken = MetadataText.encode(token);
        int tokenBytes = sizeOf(KEY, encodedToken);
        if (tokenBytes > USER_METADATA_LIMIT_BYTES) {
            throw new TaskTokenTooLargeException(encodedToken.getBytes(UTF_8).length,
                    USER_METADATA_LIMIT_BYTES - KEY.getBytes(UTF_8).length);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(HEADER_PREFIX + KEY, encodedToken);
        int left = USER_METADATA_LIMIT_BYTES - tokenBytes - REVISION_SUMMARY_KEY.getBytes(UTF_8).length;
        String summary = encodedPrefixWithin(revisionSummary, left);
        if (!summary.isEmpty()) {
            metadata.put(REVISION_SUMMARY_KEY, summary);
        }
        return metadata;
    }

    /** The token in metadata as an S3 client returns it, whichever way it was written (plain or RFC 2047). */
    public static Optional<String> tokenIn(Map<String, String> metadata) {
        return Optional.ofNullable(metadata.get(KEY))
                .or(() -> Optional.ofNullable(metadata.get(SINGLE_PREFIX_KEY)))
                .map(MetadataText::decode)
                .filter(token -> !token.isBlank());
    }

    /**
     * The longest prefix of {@code text} (whole code points) whose encoded form fits in {@code maxBytes}, encoded.
     * Binary search over the prefix length: at most about 11 encodings for the longest summary.
     */
    private static String encodedPrefixWithin(String text, int maxBytes) {
        if (maxBytes <= 0) {
            return "";
        }
        String whole = MetadataText.encode(text);
        if (whole.length() <= maxBytes) {
            return whole;
        }
        int[] codePoints = text.codePoints().toArray();
        int fits = 0;
        int tooLong = codePoints.length;
        while (tooLong - fits > 1) {
            int middle = (fits + tooLong) >>> 1;
            if (MetadataText.encode(new String(codePoints, 0, middle)).length() <= maxBytes) {
                fits = middle;
            } else {
                tooLong = middle;
            }
        }
        return MetadataText.encode(new String(codePoints, 0, fits));
    }

    private static int sizeOf(String key, String value) {
        return key.getBytes(UTF_8).length + value.getBytes(UTF_8).length;
    }
}
