package io.github.approvalgate.reminder;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One marker object per reminder step sent, written with S3's conditional PutObject ({@code If-None-Match: *}): only
 * the first writer of a step's marker sends it, however many checks run at once (S3 user guide: "How to prevent
 * object overwrites with conditional writes"; 412 when the key exists, 409 while a concurrent write of it is in
 * flight). A lifecycle rule on {@link #PREFIX} expires the markers.
 */
@ApplicationScoped
public class ReminderMarkers {

    /** Where the markers live in the artifact bucket: the template's lifecycle rule and IAM name this prefix. */
    public static final String PREFIX = "approval-gate-reminders/";

    private final S3Client s3;

    ReminderMarkers(S3Client s3) {
        this.s3 = s3;
    }

    static String key(String pipeline, String executionId, String stage, String action, int step) {
        return PREFIX + pipeline + "/" + executionId + "/" + stage + "/" + action + "/" + step;
    }

    /** @return true when this call wrote the marker (so it sends the step); false when another did or does */
    boolean claim(String bucket, String key) {
        try {
            s3.putObject(put -> put.bucket(bucket).key(key).ifNoneMatch("*").contentType("text/plain"),
                    RequestBody.empty());
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }
}
