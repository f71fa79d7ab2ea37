package io.github.approvalgate.request;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One small object per request that says where its execution was started, so that a retried start-approval call of
 * the same task answers with that execution instead of starting a second one.
 *
 * <p>
 * Why: CodePipeline's {@code clientRequestToken} makes a start idempotent within one pipeline only. An attempt that
 * found the first pipelines of its order full starts further on; if its answer is lost (a Lambda timeout, a broken
 * connection) and a slot has freed since, the state machine's retry would start a second execution in a pipeline the
 * first attempt never reached, and two approvals would wait for one task.
 *
 * <p>
 * How: the first attempt claims the record with a conditional PutObject ({@code If-None-Match: *}, S3 user guide:
 * "How to prevent object overwrites with conditional writes") before it writes the document, and fills it in right
 * after the start. A later attempt's claim fails (412, or 409 while a write is in flight) and it reads the record
 * instead. Only PutObject and GetObject of existing keys: no ListBucket is needed to tell a missing key from a denied
 * one. The key is the start request token (a hash of the task token, never the token); a lifecycle rule on
 * {@link #PREFIX} removes the records once no retry of the request can come. What remains: an attempt that stops
 * between its start and filling in the record leaves it claimed, and a retry then starts as before.
 */
@ApplicationScoped
public class StartRecords {

    /** Where the records live in the source bucket: the template's IAM and lifecycle rule name this prefix. */
    public static final String PREFIX = "approval-gate-starts/";

    private static final Logger LOG = Logger.getLogger(StartRecords.class);

    private final S3Client s3;
    private final ObjectMapper json;

    StartRecords(S3Client s3, ObjectMapper json) {
        this.s3 = s3;
        this.json = json;
    }

    static String key(String startRequestToken) {
        return PREFIX + startRequestToken;
    }

    /**
     * Claims the record of a request, or reads the one an earlier attempt left.
     *
     * @return the start an earlier attempt recorded; empty when this attempt claimed the record, or when an earlier one
     *         claimed it and never recorded a start
     */
    Optional<StartRecord> claimOrFind(String bucket, String startRequestToken) {
        try {
            put(bucket, startRequestToken, StartRecord.CLAIMED, true);
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
        }
        StartRecord earlier = read(bucket, startRequestToken);
        return earlier.started() ? Optional.of(earlier) : Optional.empty();
    }

    /**
     * Fills in the record once the execution started. A failure here does not undo the start, which the workflow
     * needs answered: it is logged, and only a retry of this request could then start a second execution.
     */
    void record(String bucket, String startRequestToken, StartRecord start) {
        try {
            put(bucket, startRequestToken, start, false);
        } catch (SdkException e) {
            LOG.warnf("start not recorded (a retried request could start a second execution): pipeline=%s "
                    + "execution_id=%s error=%s", start.pipeline(), start.pipelineExecutionId(),
                    e instanceof S3Exception s3Error ? s3Error.statusCode() : e.getClass().getSimpleName());
        }
    }

    private void put(String bucket, String startRequestToken, StartRecord record, boolean onlyIfAbsent) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the start record", e);
        }
        s3.putObject(put -> put.bucket(bucket).key(key(startRequestToken)).contentType("application/json")
                .ifNoneMatch(onlyIfAbsent ? "*" : null), RequestBody.fromBytes(body));
    }

    private StartRecord read(String bucket, String startRequestToken) {
        try (InputStream in = s3.getObject(get -> get.bucket(bucket).key(key(startRequestToken)))) {
            return json.readValue(in, StartRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("start record " + key(startRequestToken) + " in bucket " + bucket
                    + " is not readable: " + e.getMessage(), e);
        }
    }
}
