package io.github.approvalgate.decision;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.review.AiReviewConfig;
import io.github.approvalgate.review.AiReviewRecord;
import io.github.approvalgate.review.AiReviewRecords;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AI reviewer's record of an execution's AI approval run (its model, verdict and reason), for the workflow
 * output's {@code reviews}. Read (one GetObjectTagging) only when the execution ran the AI approval action; a failure to
 * read it leaves those fields out and never stops a delivery.
 */
@ApplicationScoped
class AiReviewsOfExecution {

    private static final Logger LOG = Logger.getLogger(AiReviewsOfExecution.class);

    /** The record found, if any, and the run it belongs to. */
    record Found(Optional<AiReviewRecord> record) {

        Optional<AiReviewRecord> of(ActionRun run) {
            return record.filter(r -> r.action().equals(run.stage() + "/" + run.action()));
        }
    }

    private final AiReviewRecords records;
    private final AiReviewConfig config;

    AiReviewsOfExecution(AiReviewRecords records, AiReviewConfig config) {
        this.records = records;
        this.config = config;
    }

    Found of(ExecutionActions actions, String versionId) {
        boolean ranAiAction = actions.approvals().stream()
                .anyMatch(run -> config.stageName().equals(run.stage()) && config.actionName().equals(run.action()));
        if (!ranAiAction) {
            return new Found(Optional.empty());
        }
        try {
            return new Found(AiReviewRecord.in(records.tags(actions.source(), versionId))
                    .filter(record -> record.isFor(actions.executionId(), config.stageName() + "/" + config.actionName())));
        } catch (SdkException e) {
            LOG.warnf("the AI reviewer's record of execution_id=%s could not be read from s3_version_id=%s, the output's "
                    + "reviews name no model: %s", actions.executionId(), versionId, e.getClass().getSimpleName());
            return new Found(Optional.empty());
        }
    }
}
