package io.github.approvalgate.request;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.pipeline.PipelineNotStartedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One small object per request that says where its execution was started, so that a retried start-approval call of
 * the same task answers with that execution instead of starting a second one (pools of two or more pipelines).
 *
 * <p>
 * Why: CodePipeline's {@code clientRequestToken} makes a start idempotent within one pipeline only. An attempt that
 * found the first pipelines of its order full starts further on; if its answer is lost and a slot has freed since,
 * the state machine's retry (of a PipelineNotStartedException, or of Lambda's own service errors) would start a
 * second execution in a pipeline the first attempt never reached, and two approvals would wait for one task.
 *
 * <p>
 * How: the first attempt claims the record with a conditional PutObject ({@code If-None-Match: *}, S3 user guide:
 * "How to prevent object overwrites with conditional writes") before it writes the document. A call to a pipeline
 * that fails without a definite answer (it may have taken effect) is written into the record before the failure is
 * thrown, and the execution once it started. A later attempt's claim fails (412) and it reads the record: it answers
 * with the recorded execution, or asks the pipeline in doubt first, whose clientRequestToken returns the execution
 * that call started, if it did. Only PutObject and GetObject of existing keys: no ListBucket is needed to tell a
 * missing key from a denied one. The key is the start request token (a hash of the task token, never the token); a
 * lifecycle rule on {@link #PREFIX} removes the records once no retry of the request can come (in the bucket the
 * stack creates). What remains: an attempt that stops (its function timed out) inside a call, or between a start and
 * recording it; a Lambda time-out is not retried by the template's state machine.
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
     * @return what an earlier attempt recorded; {@link StartRecord#CLAIMED} when this attempt claimed the record
     * @throws io.github.approvalgate.pipeline.PipelineNotStartedException while another attempt's claim is in flight
     *         (409): retried by the state machine, that attempt's record is there by then
     */
    StartRecord claimOrFind(String bucket, String startRequestToken) {
        try {
            put(bucket, startRequestToken, StartRecord.CLAIMED, true);
            return StartRecord.CLAIMED;
        } catch (S3Exception e) {
            if (e.statusCode() == 409) {
                throw PipelineNotStartedException.whileAnotherAttemptStarts(e);
            }
            if (e.statusCode() != 412) {
                throw e;
            }
        }
        return read(bucket, startRequestToken);
    }

    /** A call to {@code pipeline} failed without a definite answer: the next attempt asks it first. */
    void inDoubt(String bucket, String startRequestToken, String pipeline) {
        write(bucket, startRequestToken, StartRecord.inDoubtAt(pipeline));
    }

    /**
     * Fills in the record once the execution started. A failure here does not undo the start, which the workflow
     * needs answered: it is logged, and only a retry of this request could then start a second execution.
     */
    void record(String bucket, String startRequestToken, StartRecord start) {
        write(bucket, startRequestToken, start);
    }

    private void write(String bucket, String startRequestToken, StartRecord record) {
        try {
            put(bucket, startRequestToken, record, false);
        } catch (SdkException e) {
            LOG.warnf("start record not written (a retry of this request could start a second execution): "
                    + "pipeline=%s execution_id=%s error=%s", record.pipeline(), record.pipelineExecutionId(),
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
