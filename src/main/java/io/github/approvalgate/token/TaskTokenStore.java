package io.github.approvalgate.token;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.approvalgate.source.SourceObject;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Keeps each task token in the user metadata of the S3 object version that carries its request, and marks that version
 * with a tag once its decision has reached the task (tagging a version creates no new version).
 */
@ApplicationScoped
public class TaskTokenStore {

    /** Object tag written on a request's version once its decision was delivered (or its task was found closed). */
    public static final String DECISION_TAG = "approval-gate-decision";

    private final S3Client s3;

    TaskTokenStore(S3Client s3) {
        this.s3 = s3;
    }

    /** The Region of the bucket's client: the Lambda function's own. */
    public String region() {
        return s3.serviceClientConfiguration().region().id();
    }

    /**
     * Writes the document with its token and returns the new object version's id.
     *
     * @param metadata {@link TaskTokenMetadata#forRequest}, made before anything is written: it refuses a token S3
     *        cannot hold
     */
    public String write(SourceObject object, String contentType, String content, Map<String, String> metadata) {
        var response = s3.putObject(put -> put
                .bucket(object.bucket())
                .key(object.key())
                .contentType(contentType)
                .metadata(metadata),
                RequestBody.fromString(content));
        if (response.versionId() == null || response.versionId().equals("null")) {
            throw new IllegalStateException("bucket '" + object.bucket() + "' has no versioning: "
                    + "CodePipeline's S3 source and the token lookup need a version id per request");
        }
        return response.versionId();
    }

    /** Reads the token from one object version's metadata; the body is never fetched. */
    public String read(SourceObject object, String versionId) {
        return readRequest(object, versionId).token();
    }

    /**
     * One version's token and, only when the version carries tags, the decision it was marked with. HeadObject answers
     * with {@code x-amz-tagging-count} when a version has tags (API reference: HeadObject; SDK
     * {@code HeadObjectResponse.tagCount}), so an unmarked version costs this one call and a marked one a second
     * ({@code GetObjectTagging}).
     */
    public StoredRequest readRequest(SourceObject object, String versionId) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(h -> h.bucket(object.bucket()).key(object.key()).versionId(versionId));
        } catch (S3Exception e) {
            throw missingVersionOr(e, object, versionId);
        }
        String token = TaskTokenMetadata.tokenIn(head.metadata())
                .orElseThrow(() -> new TaskTokenMissingException(object, versionId));
        boolean tagged = head.tagCount() != null && head.tagCount() > 0;
        return new StoredRequest(token, tagged ? deliveredDecision(object, versionId) : Optional.empty(),
                Optional.ofNullable(head.lastModified()));
    }

    /**
     * @param deliveredDecision the decision the version was marked with once delivered; empty when none was
     * @param requestedAt when start-approval wrote the version (its Last-Modified: a version is never modified)
     */
    public record StoredRequest(String token, Optional<String> deliveredDecision, Optional<Instant> requestedAt) {
        @Override
        public String toString() {
            return "StoredRequest[token=" + TaskTokens.fingerprint(token) + ", deliveredDecision=" + deliveredDecision
                    + ", requestedAt=" + requestedAt + "]";
        }
    }

    /** @return the decision this version was marked with, or empty when none was delivered yet */
    public Optional<String> deliveredDecision(SourceObject object, String versionId) {
        try {
            return s3.getObjectTagging(get -> get.bucket(object.bucket()).key(object.key()).versionId(versionId))
                    .tagSet().stream()
                    .filter(tag -> DECISION_TAG.equals(tag.key()))
                    .map(Tag::value)
                    .findFirst();
        } catch (S3Exception e) {
            throw missingVersionOr(e, object, versionId);
        }
    }

    /** Marks the version as decided; the request's task must not be sent another decision. */
    public void markDelivered(SourceObject object, String versionId, String decision) {
        s3.putObjectTagging(put -> put.bucket(object.bucket()).key(object.key()).versionId(versionId)
                .tagging(tagging -> tagging.tagSet(Tag.builder().key(DECISION_TAG).value(decision).build())));
    }

    private static RuntimeException missingVersionOr(S3Exception e, SourceObject object, String versionId) {
        // HeadObject answers without a body: a missing version is a bare 404, typed NoSuchKey at best.
        if (e instanceof NoSuchKeyException || e.statusCode() == 404) {
            return new SourceVersionMissingException(object, versionId);
        }
        if (e.statusCode() == 403) {
            return new SourceVersionUnreadableException(object, versionId, e);
        }
        return e;
    }
}
