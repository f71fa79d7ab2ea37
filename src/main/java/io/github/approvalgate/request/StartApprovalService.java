package io.github.approvalgate.request;

import static io.github.approvalgate.request.ApprovalRequest.BUCKET;
import static io.github.approvalgate.request.ApprovalRequest.CONTENT;
import static io.github.approvalgate.request.ApprovalRequest.KEY;
import static io.github.approvalgate.request.ApprovalRequest.STEP;
import static io.github.approvalgate.request.ApprovalRequest.TOKEN;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.ReviewConfig;
import io.github.approvalgate.input.AwsNames;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineStart;
import io.github.approvalgate.pipeline.PipelineStarter;
import io.github.approvalgate.reminder.ReminderScheduler;
import io.github.approvalgate.source.SourceObject;
import io.github.approvalgate.sweep.DeadlineScheduler;
import io.github.approvalgate.token.TaskTokenMetadata;
import io.github.approvalgate.token.TaskTokenStore;
import io.github.approvalgate.token.TaskTokens;

/**
 * Stores a request's document with its task token, starts the approval pipeline for exactly that version, then schedules
 * the request's deadline check and (when reminders are on) its first reminder check. A retried call of a request that
 * an earlier attempt started answers with that execution ({@link StartRecords}).
 */
@ApplicationScoped
public class StartApprovalService {

    private static final Logger LOG = Logger.getLogger(StartApprovalService.class);
    private static final String DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8";

    private final TaskTokenStore tokens;
    private final PipelineStarter pipeline;
    private final ReviewConfig review;
    private final List<String> approvalActions;
    private final DeadlineScheduler deadlines;
    private final ReminderScheduler reminders;
    private final StartRecords starts;
    private final PipelineConfig config;

    StartApprovalService(TaskTokenStore tokens, PipelineStarter pipeline, ReviewConfig review, PipelineConfig config,
            DeadlineScheduler deadlines, ReminderScheduler reminders, StartRecords starts) {
        this.tokens = tokens;
        this.starts = starts;
        this.config = config;
        this.pipeline = pipeline;
        this.review = review;
        this.approvalActions = config.approvalActions().orElse(List.of());
        this.deadlines = deadlines;
        this.reminders = reminders;
    }

    public ApprovalStarted start(ApprovalRequest request) {
        if (request != null && !isBlank(request.token())) {
            LogField.TASK.set(TaskTokens.fingerprint(request.token()));
        }
        requireComplete(request);
        requireValidNames(request);
        var object = new SourceObject(request.bucket(), request.key());
        String contentType = isBlank(request.contentType()) ? DEFAULT_CONTENT_TYPE : request.contentType();

        // Before anything is written: refuses a token too large for S3's metadata.
        Map<String, String> metadata = TaskTokenMetadata.forRequest(request.token(), revisionSummary(request, object));
        String startRequestToken = TaskTokens.startRequestToken(request.token());
        // In one pipeline the clientRequestToken alone makes a retry find its execution; in a pool the record does.
        boolean recorded = config.pool().size() > 1;
        StartRecord earlier = recorded ? starts.claimOrFind(object.bucket(), startRequestToken) : StartRecord.CLAIMED;
        if (earlier.started()) {
            return startedEarlier(request, object, earlier);
        }

        String versionId = tokens.write(object, contentType, request.content(), metadata);
        LogField.S3_VERSION_ID.set(versionId);
        Optional<PipelineStart> started = pipeline.startFor(versionId, ApprovalContext.variables(request, object,
                versionId, review.consoleUrl(), tokens.region(), approvalActions), startRequestToken,
                earlier.inDoubt(), inDoubt -> {
                    if (recorded) {
                        starts.inDoubt(object.bucket(), startRequestToken, inDoubt);
                    }
                });
        started.ifPresent(start -> {
            if (recorded) {
                starts.record(object.bucket(), startRequestToken,
                        new StartRecord(start.pipeline(), start.executionId(), versionId));
            }
            schedule(start.pipeline(), start.executionId());
        });
        String startedIn = started.map(PipelineStart::pipeline).orElse(null);
        String executionId = started.map(PipelineStart::executionId).orElse(null);
        LogField.EXECUTION_ID.set(executionId);
        LogField.OUTCOME.set(executionId == null ? "not-started" : "started");

        LOG.infof("approval requested: object=%s s3_version_id=%s pipeline=%s pipeline_execution_id=%s step=%s task=%s",
                object, versionId, startedIn, executionId, request.step(), TaskTokens.fingerprint(request.token()));
        return new ApprovalStarted(request.withoutToken(), versionId, startedIn, executionId);
    }

    /**
     * A retried call of a request an earlier attempt started (its answer was lost): that execution, on the version it
     * wrote, which carries the same task token. Nothing is written or started; the schedules are made again, which
     * finds them there unless the earlier attempt stopped before making them.
     */
    private ApprovalStarted startedEarlier(ApprovalRequest request, SourceObject object, StartRecord earlier) {
        LogField.S3_VERSION_ID.set(earlier.s3VersionId());
        LogField.PIPELINE.set(earlier.pipeline());
        LogField.EXECUTION_ID.set(earlier.pipelineExecutionId());
        schedule(earlier.pipeline(), earlier.pipelineExecutionId());
        LogField.OUTCOME.set("already-started");
        LOG.infof("approval already started by an earlier attempt: object=%s s3_version_id=%s pipeline=%s "
                + "pipeline_execution_id=%s step=%s task=%s", object, earlier.s3VersionId(), earlier.pipeline(),
                earlier.pipelineExecutionId(), request.step(), TaskTokens.fingerprint(request.token()));
        return new ApprovalStarted(request.withoutToken(), earlier.s3VersionId(), earlier.pipeline(),
                earlier.pipelineExecutionId());
    }

    private void schedule(String pipeline, String executionId) {
        deadlines.schedule(pipeline, executionId);
        reminders.scheduleFirst(pipeline, executionId);
    }

    private static void requireComplete(ApprovalRequest request) {
        if (request == null) {
            throw InvalidApprovalRequestException.blank(List.of(TOKEN, BUCKET, KEY, CONTENT));
        }
        List<String> blank = new ArrayList<>();
        addIfBlank(blank, TOKEN, request.token());
        addIfBlank(blank, BUCKET, request.bucket());
        addIfBlank(blank, KEY, request.key());
        addIfBlank(blank, CONTENT, request.content());
        if (!blank.isEmpty()) {
            throw InvalidApprovalRequestException.blank(blank);
        }
        List<String> problems = ApprovalContext.problems(request);
        if (!problems.isEmpty()) {
            throw InvalidApprovalRequestException.invalid(problems);
        }
    }

    /** Before any call: a bad name fails here with the rule it breaks, not later in S3 with the value echoed whole. */
    private static void requireValidNames(ApprovalRequest request) {
        List<String> problems = new ArrayList<>();
        addIfPresent(problems, BUCKET, AwsNames.s3BucketNameProblem(request.bucket()));
        addIfPresent(problems, KEY, AwsNames.s3KeyProblem(request.key()));
        if (request.step() != null) {
            addIfPresent(problems, STEP, AwsNames.stateNameProblem(request.step()));
        }
        if (!problems.isEmpty()) {
            throw InvalidApprovalRequestException.invalid(problems);
        }
    }

    private static void addIfPresent(List<String> problems, String field, Optional<String> problem) {
        problem.ifPresent(text -> problems.add("field '" + field + "' " + text));
    }

    private static String revisionSummary(ApprovalRequest request, SourceObject object) {
        String state = isBlank(request.step()) ? "" : " state '" + request.step() + "'";
        return "Approval requested by Step Functions" + state + " for " + object;
    }

    private static void addIfBlank(List<String> blank, String field, String value) {
        if (isBlank(value)) {
            blank.add(field);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
