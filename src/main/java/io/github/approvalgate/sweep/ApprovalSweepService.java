package io.github.approvalgate.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.AwsErrors;
import io.github.approvalgate.decision.DecisionDelivery;
import io.github.approvalgate.decision.DeliveryOutcome;
import io.github.approvalgate.decision.DeliveryOutcome.Outcome;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.Metrics;
import io.github.approvalgate.pipeline.ExecutionStatus;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineExecutions;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ListPipelineExecutionsResponse;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;

/**
 * Catches decisions whose events were lost, two ways.
 *
 * <p>
 * The periodic {@link #sweep()}: lists the executions newest first (by start time) and delivers every decision of an
 * execution whose last change ({@code lastUpdateTime}) lies within the look-back window and that is not yet marked
 * delivered. The listing stops at the first execution that started before the window's start less the longest an
 * approval can wait (it cannot have changed since), or at the page budget: that bounds a run's cost, and whatever lies
 * beyond it is left to the requests' deadline checks. Running out of time inside the window is an error.
 *
 * <p>
 * The deadline {@link #check(DeadlineCheck)}: one execution, at its request's latest possible ending plus a margin. A
 * check that finds no decision, or cannot deliver it, is an error.
 */
@ApplicationScoped
public class ApprovalSweepService {

    private static final Logger LOG = Logger.getLogger(ApprovalSweepService.class);

    private final CodePipelineClient codePipeline;
    private final PipelineExecutions executions;
    private final DecisionDelivery delivery;
    private final PipelineConfig pipelineConfig;
    private final SweepConfig config;
    private final Clock clock;

    private final Metrics metrics;

    ApprovalSweepService(CodePipelineClient codePipeline, PipelineExecutions executions, DecisionDelivery delivery,
            PipelineConfig pipelineConfig, SweepConfig config, Clock clock, Metrics metrics) {
        this.codePipeline = codePipeline;
        this.metrics = metrics;
        this.executions = executions;
        this.delivery = delivery;
        this.pipelineConfig = pipelineConfig;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Sweeps the pool's pipelines in two passes. First each in turn, with the page budget and an equal share of the
     * time left, so that every pipeline is examined in every run: a slow pipeline cannot starve the ones after it.
     * Then the pipelines whose share ran out go on from where they stopped, with whatever time is left: a share is a
     * turn, not a limit, so one slow call (a cold start's first one, a throttled retry) fails nothing while the run's
     * budget lasts. Only the budget running out inside a window fails the run. A pool of
     * {@link PipelineConfig#MAX_POOL_SIZE} pipelines reads at most that many times the page budget.
     */
    public SweepReport sweep() {
        List<String> pool = pool();
        LogField.DELIVERED_BY.set(LogField.BY_SWEEP);
        Instant started = clock.instant();
        Instant deadline = started.plus(config.timeBudget());
        Instant windowStart = started.minus(config.lookBack());
        Instant oldestStart = windowStart.minus(config.maxApprovalAge());

        Tally tally = new Tally();
        List<Listing> listings = pool.stream().map(pipeline -> new Listing(pipeline, windowStart, oldestStart)).toList();
        for (int i = 0; i < listings.size(); i++) {
            Instant now = clock.instant();
            Instant share = now.isAfter(deadline) ? now
                    : now.plus(Duration.between(now, deadline).dividedBy(listings.size() - i));
            sweep(listings.get(i), tally, share);
        }
        for (Listing listing : listings) {
            if (listing.outOfTime) {
                sweep(listing, tally, deadline);
            }
        }
        List<String> stoppedEarly = new ArrayList<>();
        int pages = 0;
        for (Listing listing : listings) {
            pages += listing.pages;
            listing.stoppedEarly.ifPresent(stoppedEarly::add);
            if (listing.outOfTime) {
                tally.failed.add("time budget of " + config.timeBudget().toSeconds() + " s reached at execution "
                        + listing.next().pipelineExecutionId() + " (pipeline " + listing.pipeline + ", page "
                        + listing.pages + "): the rest of the window was not examined");
            }
        }
        String stopped = stoppedEarly.isEmpty() ? null : String.join("; ", stoppedEarly);
        SweepReport report = tally.report(stopped, pages);
        tally.done();
        LogField.PIPELINE.set(null);
        LOG.infof("sweep done: pipelines=%d pages=%d examined=%d delivered=%d already_delivered=%d pending=%d failed=%d%s",
                pool.size(), pages, report.examined(), tally.deliveredCount(), report.alreadyDelivered(),
                report.pending(), report.failed().size(), stopped == null ? "" : " stopped_early=" + stopped);
        if (!report.failed().isEmpty()) {
            throw new SweepIncompleteException(report);
        }
        return report;
    }

    /** Goes on with one pipeline's listing until its window is covered or {@code until} has passed. */
    private void sweep(Listing listing, Tally tally, Instant until) {
        LogField.clearExecution();
        LogField.PIPELINE.set(listing.pipeline);
        long deliveredBefore = tally.deliveredCount();
        try {
            listing.outOfTime = false;
            while (!listing.done()) {
                PipelineExecutionSummary summary = listing.next();
                if (!listing.inWindow(summary)) {
                    listing.advance();
                    continue;
                }
                if (clock.instant().isAfter(until)) {
                    listing.outOfTime = true;
                    return;
                }
                listing.advance();
                tally.examine(summary.pipelineExecutionId(),
                        () -> delivery.ifNotDelivered(listing.pipeline, summary.pipelineExecutionId(),
                                statusOf(summary)));
            }
        } catch (SdkException e) {
            // One pipeline that cannot be listed (throttled, deleted, denied) fails the run, not the others.
            listing.failed = true;
            tally.failed.add("pipeline " + listing.pipeline + " not listed ("
                    + (e instanceof AwsServiceException service ? AwsErrors.code(service)
                            : e.getClass().getSimpleName())
                    + "): its executions were not examined");
        } finally {
            countLostEvents(listing.pipeline, tally.deliveredCount() - deliveredBefore);
        }
    }

    /**
     * One pipeline's executions, newest first, read a page at a time and resumable: where a turn stopped, the next one
     * goes on. Done at the window's end (the first execution that started before {@code oldestStart} cannot have
     * changed since), at the page budget, after the last page, or when a listing failed.
     */
    private final class Listing {
        private final String pipeline;
        private final Instant windowStart;
        private final Instant oldestStart;
        private List<PipelineExecutionSummary> page = List.of();
        private int position;
        private String nextToken;
        private int pages;
        private boolean windowEnded;
        private boolean failed;
        private boolean outOfTime;
        private Optional<String> stoppedEarly = Optional.empty();

        Listing(String pipeline, Instant windowStart, Instant oldestStart) {
            this.pipeline = pipeline;
            this.windowStart = windowStart;
            this.oldestStart = oldestStart;
        }

        /** Reads the next page when this one is used up; true when nothing is left to examine. */
        boolean done() {
            if (windowEnded || failed || stoppedEarly.isPresent()) {
                return true;
            }
            if (position < page.size()) {
                if (page.get(position).startTime() != null && page.get(position).startTime().isBefore(oldestStart)) {
                    windowEnded = true;
                    return true;
                }
                return false;
            }
            if (pages > 0 && nextToken == null) {
                return true;
            }
            if (pages == config.maxPages()) {
                stoppedEarly = Optional.of("pipeline " + pipeline + ": page budget of " + config.maxPages()
                        + " pages reached; older executions are left to their deadline checks");
                return true;
            }
            String token = nextToken;
            ListPipelineExecutionsResponse response = codePipeline.listPipelineExecutions(list -> list
                    .pipelineName(pipeline).maxResults(config.pageSize()).nextToken(token));
            pages++;
            page = response.pipelineExecutionSummaries();
            position = 0;
            nextToken = response.nextToken();
            return done();
        }

        PipelineExecutionSummary next() {
            return page.get(position);
        }

        void advance() {
            position++;
        }

        boolean inWindow(PipelineExecutionSummary summary) {
            return summary.lastUpdateTime() != null && !summary.lastUpdateTime().isBefore(windowStart);
        }
    }

    /**
     * The deadline check of one request: by now its execution has ended (every approval has timed out at the latest),
     * so its decision is delivered unless it already was.
     */
    public SweepReport check(DeadlineCheck check) {
        String pipeline = check.pipeline();
        if (!pool().contains(pipeline)) {
            throw new IllegalArgumentException("deadline check of pipeline '" + check.pipeline()
                    + "': not one of the " + pool().size() + " pipelines this function sweeps");
        }
        String executionId = check.pipelineExecutionId();
        if (executionId == null || executionId.isBlank()) {
            throw new IllegalArgumentException("deadline check without 'pipeline_execution_id'");
        }
        LogField.DELIVERED_BY.set(LogField.BY_SWEEP);
        LogField.PIPELINE.set(pipeline);
        Tally tally = new Tally();
        tally.examine(executionId, () -> {
            DeliveryOutcome outcome = delivery.ifNotDelivered(pipeline, executionId,
                    executions.status(pipeline, executionId));
            if (outcome.outcome() == Outcome.PENDING || outcome.outcome() == Outcome.NOT_FINAL) {
                throw new IllegalStateException("no decision at the request's deadline (" + outcome.reason()
                        + "): its task will time out unless the execution ends before then");
            }
            return outcome;
        });
        SweepReport report = tally.report(null, 0);
        countLostEvents(pipeline, tally.deliveredCount());
        LOG.infof("deadline check done: pipeline=%s execution_id=%s outcome=%s", pipeline, executionId,
                report.failed().isEmpty() ? outcomeOf(report) : "failed");
        if (!report.failed().isEmpty()) {
            throw new SweepIncompleteException(report);
        }
        return report;
    }

    /** Each decision a sweep or a deadline check delivered is an event that never reached approval-result. */
    private void countLostEvents(String pipeline, long delivered) {
        if (delivered > 0) {
            metrics.emit(Metric.SWEEP_DELIVERIES, delivered, pipeline);
        }
    }

    private List<String> pool() {
        List<String> pool = pipelineConfig.pool();
        if (pool.isEmpty()) {
            throw new IllegalStateException("no pipeline to sweep: set APPROVAL_GATE_PIPELINE_NAMES");
        }
        return pool;
    }

    private static String outcomeOf(SweepReport report) {
        return report.delivered().isEmpty() ? report.alreadyDelivered() > 0 ? "already-delivered" : "nothing to deliver"
                : report.delivered().getFirst().outcome().name().toLowerCase(Locale.ROOT);
    }

    private static ExecutionStatus statusOf(PipelineExecutionSummary summary) {
        Optional<String> reason = Optional.ofNullable(summary.statusSummary()).filter(text -> !text.isBlank());
        return new ExecutionStatus(summary.statusAsString(), reason, Map.of());
    }

    /** What one run did with each execution it examined. */
    private static final class Tally {
        private int examined;
        private int alreadyDelivered;
        private int pending;
        private final List<DeliveryOutcome> delivered = new ArrayList<>();
        private final List<String> failed = new ArrayList<>();

        void examine(String executionId, Supplier<DeliveryOutcome> delivery) {
            examined++;
            LogField.clearExecution();
            LogField.EXECUTION_ID.set(executionId);
            try {
                DeliveryOutcome outcome = delivery.get();
                LogField.OUTCOME.set(outcome.outcome().wireName());
                switch (outcome.outcome()) {
                    case ALREADY_DELIVERED -> alreadyDelivered++;
                    case PENDING, NOT_FINAL, IGNORED -> pending++;
                    default -> delivered.add(outcome);
                }
            } catch (RuntimeException e) {
                // Whatever one execution throws, the others in the window still get their decisions.
                LogField.OUTCOME.set("failed");
                LOG.errorf("sweep could not resolve execution %s: %s", executionId, e.toString());
                failed.add(executionId + ": " + e.getMessage());
            }
        }

        /** The run's summary line, after each execution's fields: those of the last one would mislead. */
        void done() {
            LogField.clearExecution();
        }

        long deliveredCount() {
            return delivered.stream().filter(o -> o.outcome() == Outcome.DELIVERED).count();
        }

        SweepReport report(String stoppedEarly, int pages) {
            return new SweepReport(pages, examined, alreadyDelivered, pending, delivered, failed, stoppedEarly, null,
                    null);
        }
    }
}
