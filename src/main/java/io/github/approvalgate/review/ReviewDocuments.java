package io.github.approvalgate.review;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.approvalgate.source.SourceObject;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads a request's document from its own object version, whole or not at all. */
@ApplicationScoped
public class ReviewDocuments {

    /** What was read: the document's text, or why there is none to review. */
    public record Read(String text, String problem) {

        static Read text(String text) {
            return new Read(text, null);
        }

        static Read problem(String problem) {
            return new Read(null, problem);
        }
    }

    private final S3Client s3;

    ReviewDocuments(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * One {@code GetObject} of the version, asking for one byte more than the bound (HTTP Range), so a larger document
     * is recognised without downloading it and is never cut.
     */
    public Read read(SourceObject object, String versionId, int maxBytes) {
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(get -> get.bucket(object.bucket()).key(object.key()).versionId(versionId)
                    .range("bytes=0-" + maxBytes));
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                // S3 answers a range request on an empty object with 416 InvalidRange.
                return Read.problem("the document is empty");
            }
            if (e.statusCode() == 404) {
                return Read.problem("version '" + versionId + "' of " + object + " no longer exists");
            }
            if (e.statusCode() == 403) {
                // Without s3:ListBucket, S3 answers 403 for a missing version too.
                return Read.problem("reading version '" + versionId + "' of " + object + " was denied (HTTP 403): it "
                        + "is gone, or this role may not read it");
            }
            throw e;
        }
        if (bytes.asByteArrayUnsafe().length > maxBytes) {
            return Read.problem("the document is larger than " + maxBytes + " bytes");
        }
        if (bytes.asByteArrayUnsafe().length == 0) {
            return Read.problem("the document is empty");
        }
        try {
            return Read.text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.asByteArrayUnsafe()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Read.problem("the document is not UTF-8 text");
        }
    }
}
