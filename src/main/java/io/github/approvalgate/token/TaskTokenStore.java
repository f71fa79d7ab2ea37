package io.github.approvalgate.token;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Keeps each task token in the user metadata of the S3 object version that carries its request. */
@ApplicationScoped
public class TaskTokenStore {

    private final S3Client s3;

    TaskTokenStore(S3Client s3) {
        this.s3 = s3;
    }

    /** Writes the document with its token and returns the new object version's id. */
    public String write(SourceObject object, String contentType, String content, String token, String revisionSummary) {
        var metadata = TaskTokenMetadata.forRequest(token, revisionSummary);
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
        HeadObjectResponse head;
        try {
            head = s3.headObject(h -> h.bucket(object.bucket()).key(object.key()).versionId(versionId));
        } catch (S3Exception e) {
            // HeadObject answers without a body: a missing version is a bare 404, typed NoSuchKey at best.
            if (e instanceof NoSuchKeyException || e.statusCode() == 404) {
                throw new SourceVersionMissingException(object, versionId);
            }
            if (e.statusCode() == 403) {
                throw new SourceVersionUnreadableException(object, versionId, e);
            }
            throw e;
        }
        return TaskTokenMetadata.tokenIn(head.metadata())
                .orElseThrow(() -> new TaskTokenMissingException(object, versionId));
    }
}
