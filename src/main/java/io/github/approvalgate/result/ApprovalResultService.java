package io.github.approvalgate.result;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.decision.DecisionDelivery;
import io.github.approvalgate.decision.DeliveryOutcome;
import io.github.approvalgate.input.Echo;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;
import io.github.approvalgate.pipeline.event.StateChangeDetail;
import io.github.approvalgate.pipeline.event.StateChangeFilter;

/** Turns an approval action's ending, or a pipeline execution's, into the request's decision. */
@ApplicationScoped
public class ApprovalResultService {

    /** Approval action states that end it (a rejected and an expired approval both end FAILED). */
    static final Set<String> ENDED_ACTION_STATES = Set.of("SUCCEEDED", "FAILED", "ABANDONED", "CANCELED");
    /** Pipeline execution states that can end a request before its approval ran. */
    static final Set<String> ENDED_PIPELINE_STATES = Set.of("FAILED", "STOPPED", "SUPERSEDED", "CANCELED");
    private static final StateChangeFilter ENDINGS = StateChangeFilter.approvalActions(ENDED_ACTION_STATES, "an ending")
            .orPipelineExecutions(ENDED_PIPELINE_STATES, "an ending");

    private static final Logger LOG = Logger.getLogger(ApprovalResultService.class);

    private final DecisionDelivery delivery;
    private final PipelineConfig config;

    ApprovalResultService(DecisionDelivery delivery, PipelineConfig config) {
        this.delivery = delivery;
        this.config = config;
    }

    public DeliveryOutcome handle(CodePipelineStateChange event) {
        LogField.DELIVERED_BY.set(LogField.BY_EVENT);
        if (event != null) {
            LogField.EVENT_ID.set(Echo.bounded(event.id()));
        }
        Optional<String> ignored = ENDINGS.reasonToIgnore(event).or(() -> {
            StateChangeFilter.requireTraceable(event);
            // The rule filters on the pipeline too; this keeps a misrouted event from touching another pipeline's tasks.
            return StateChangeFilter.otherPipeline(event.detail().pipeline(), config.pool());
        });
        if (ignored.isPresent()) {
            LOG.infof("event ignored: id=%s reason=%s", event == null ? null : Echo.quoted(event.id()),
                    ignored.get());
            return DeliveryOutcome.ignored(ignored.get());
        }
        StateChangeDetail detail = event.detail();
        LogField.PIPELINE.set(detail.pipeline());
        LogField.EXECUTION_ID.set(detail.executionId());
        LogField.STAGE.set(detail.stage());
        LogField.ACTION.set(detail.action());
        Optional<String> actionState = event.isActionEvent() ? Optional.of(detail.state()) : Optional.empty();
        DeliveryOutcome outcome = delivery.onEvent(detail.pipeline(), detail.executionId(), actionState);
        LogField.OUTCOME.set(outcome.outcome().wireName());
        if (outcome.outcome() == DeliveryOutcome.Outcome.PENDING) {
            LOG.infof("no decision yet: id=%s detail-type=%s state=%s execution_id=%s", Echo.quoted(event.id()),
                    event.detailType(), detail.state(), detail.executionId());
        }
        return outcome;
    }
}
