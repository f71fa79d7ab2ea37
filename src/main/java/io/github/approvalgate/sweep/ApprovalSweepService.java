package io.github.approvalgate.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.decision.DecisionDelivery;
import io.github.approvalgate.decision.DeliveryOutcome;
import io.github.approvalgate.decision.DeliveryOutcome.Outcome;
import io.github.approvalgate.pipeline.ExecutionStatus;
import io.github.approvalgate.pipeline.PipelineConfig;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ListPipelineExecutionsResponse;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;

/**
 * Catches decisions whose events were lost: lists the pipeline's executions newest first and delivers every decision
 * of an execution that changed within the look-back window and is not yet marked delivered.
 */
@ApplicationScoped
public class ApprovalSweepService {

    private static final Logger LOG = Logger.getLogger(ApprovalSweepService.class);

    private final CodePipelineClient codePipeline;
    private final DecisionDelivery delivery;
    private final PipelineConfig pipelineConfig;
    private final SweepConfig config;
    private final Clock clock;

    ApprovalSweepService(CodePipelineClient codePipeline, DecisionDelivery delivery, PipelineConfig pipelineConfig,
            SweepConfig config) {
        this.codePipeline = codePipeline;
        this.delivery = delivery;
        this.pipelineConfig = pipelineConfig;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public SweepReport sweep() {
        String pipeline = pipelineConfig.name().orElseThrow(() -> new IllegalStateException(
                "no pipeline to sweep: set APPROVAL_GATE_PIPELINE_NAME"));
        Instant started = clock.instant();
        Instant deadline = started.plus(config.timeBudget());
        Instant windowStart = started.minus(config.lookBack());
        Instant oldestStart = windowStart.minus(config.maxApprovalAge());

        int examined = 0;
        int alreadyDelivered = 0;
        int pending = 0;
        List<DeliveryOutcome> delivered = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        String stoppedEarly = null;
        String nextToken = null;
        int pages = 0;
        listing: do {
            if (pages == config.maxPages()) {
                stoppedEarly = "page budget of " + config.maxPages() + " pages reached";
                break;
            }
            String token = nextToken;
            ListPipelineExecutionsResponse page = codePipeline.listPipelineExecutions(list -> list
                    .pipelineName(pipeline).maxResults(config.pageSize()).nextToken(token));
            pages++;
            for (PipelineExecutionSummary summary : page.pipelineExecutionSummaries()) {
                if (summary.startTime() != null && summary.startTime().isBefore(oldestStart)) {
                    break listing;
                }
                if (summary.lastUpdateTime() == null || summary.lastUpdateTime().isBefore(windowStart)) {
                    continue;
                }
                if (clock.instant().isAfter(deadline)) {
                    stoppedEarly = "time budget of " + config.timeBudget().toSeconds() + " s reached";
                    break listing;
                }
                examined++;
                try {
                    DeliveryOutcome outcome = delivery.ifNotDelivered(pipeline, summary.pipelineExecutionId(),
                            statusOf(summary));
                    switch (outcome.outcome()) {
                        case ALREADY_DELIVERED -> alreadyDelivered++;
                        case PENDING, NOT_FINAL, IGNORED -> pending++;
                        default -> delivered.add(outcome);
                    }
                } catch (RuntimeException e) {
                    // Whatever one execution throws, the others in the window still get their decisions.
                    LOG.errorf("sweep could not resolve execution %s: %s", summary.pipelineExecutionId(), e.toString());
                    failed.add(summary.pipelineExecutionId() + ": " + e.getMessage());
                }
            }
            nextToken = page.nextToken();
        } while (nextToken != null);

        SweepReport report = new SweepReport(examined, alreadyDelivered, pending, delivered, failed, stoppedEarly, null);
        LOG.infof("sweep done: pipeline=%s examined=%d delivered=%d already_delivered=%d pending=%d failed=%d%s",
                pipeline, examined, delivered.stream().filter(o -> o.outcome() == Outcome.DELIVERED).count(),
                alreadyDelivered, pending, failed.size(), stoppedEarly == null ? "" : " stopped_early=" + stoppedEarly);
        if (!failed.isEmpty()) {
            throw new SweepIncompleteException(report);
        }
        return report;
    }

    private static ExecutionStatus statusOf(PipelineExecutionSummary summary) {
        Optional<String> reason = Optional.ofNullable(summary.statusSummary()).filter(text -> !text.isBlank());
        return new ExecutionStatus(summary.statusAsString(), reason, Map.of());
    }
}
