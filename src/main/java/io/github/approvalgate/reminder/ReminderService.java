package io.github.approvalgate.reminder;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.github.approvalgate.aws.ReviewConfig;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.pipeline.ApprovalActions;
import io.github.approvalgate.pipeline.ExecutionActions;
import io.github.approvalgate.pipeline.ExecutionStatus;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineExecutionMissingException;
import io.github.approvalgate.pipeline.PipelineExecutions;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * One reminder check of one execution: reminds every approval action that still waits and whose next step is due, then
 * schedules the execution's next check. At most 8 calls: {@code ListActionExecutions}; per waiting action (at most 3
 * approver groups in one stage) one conditional {@code PutObject} and, when this check wrote the marker, one SNS
 * {@code Publish}; {@code GetPipelineExecution} only when no approval waits; one {@code CreateSchedule}.
 */
@ApplicationScoped
public class ReminderService {

    private static final Logger LOG = Logger.getLogger(ReminderService.class);
    /** The approval action's topic in its configuration (action reference: Manual approval). */
    static final String NOTIFICATION_ARN = "NotificationArn";
    static final String CUSTOM_DATA = "CustomData";
    static final String EXTERNAL_ENTITY_LINK = "ExternalEntityLink";

    private final PipelineExecutions executions;
    private final PipelineConfig pipelineConfig;
    private final ReminderConfig config;
    private final ReviewConfig review;
    private final ReminderMarkers markers;
    private final SnsClient sns;
    private final ReminderScheduler scheduler;
    private final Clock clock;

    ReminderService(PipelineExecutions executions, PipelineConfig pipelineConfig, ReminderConfig config,
            ReviewConfig review, ReminderMarkers markers, SnsClient sns, ReminderScheduler scheduler, Clock clock) {
        this.executions = executions;
        this.pipelineConfig = pipelineConfig;
        this.config = config;
        this.review = review;
        this.markers = markers;
        this.sns = sns;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * @param invokedFunctionArn the function (alias) running this check: the next check invokes the same
     * @throws IllegalStateException after scheduling the next check, when a reminder could not be sent
     */
    public ReminderReport check(ReminderCheck check, String invokedFunctionArn) {
        String pipeline = check.pipeline();
        if (!pipelineConfig.inPool(pipeline)) {
            throw new IllegalArgumentException("reminder check of pipeline '" + pipeline + "': not one of the "
                    + pipelineConfig.pool().size() + " pipelines this function sweeps");
        }
        String executionId = check.pipelineExecutionId();
        if (executionId == null || executionId.isBlank() || check.check() < 1) {
            throw new IllegalArgumentException("reminder check without 'pipeline_execution_id' or a 'check' from 1");
        }
        LogField.PIPELINE.set(pipeline);
        LogField.EXECUTION_ID.set(executionId);
        Optional<ReminderPlan> configured = ReminderPlan.of(config);
        if (configured.isEmpty()) {
            return done(check, List.of(), List.of(), 0, null, "reminders are off");
        }
        ReminderPlan plan = configured.get();
        List<String> approvalActions = pipelineConfig.approvalActions().orElse(List.of());
        int maxChecks = plan.maxChecks(approvalActions.size());
        if (check.check() > maxChecks) {
            return done(check, List.of(), List.of(), 0, null, "the chain's bound of " + maxChecks + " checks");
        }

        Instant now = clock.instant();
        ExecutionActions actions;
        try {
            actions = executions.actions(pipeline, executionId);
        } catch (RuntimeException e) {
            // Throttled or unreachable: the chain goes on one interval later (within its bound), and this check fails.
            if (check.check() < maxChecks && !(e instanceof PipelineExecutionMissingException)) {
                scheduler.scheduleNext(check, now.plus(plan.interval()), invokedFunctionArn);
            }
            throw e;
        }
        List<ActionRun> waiting = actions.approvals().stream()
                .filter(run -> ActionRun.IN_PROGRESS.equals(run.status()))
                .filter(run -> approvalActions.isEmpty() || approvalActions.contains(run.stageAction()))
                .sorted(Comparator.comparingInt(run -> approvalActions.indexOf(run.stageAction())))
                .toList();
        List<String> sent = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int alreadySent = 0;
        Optional<Instant> next = Optional.empty();
        for (ActionRun run : waiting) {
            Instant since = waitingSince(run, now);
            int step = plan.dueStep(since, now);
            if (step >= 1) {
                try {
                    if (remind(actions, run, plan, step, since, now)) {
                        sent.add(run.stageAction() + "#" + step);
                    } else {
                        alreadySent++;
                    }
                } catch (RuntimeException e) {
                    LOG.errorf("reminder %d of %s not sent: %s", step, run.stageAction(), e.toString());
                    failed.add(run.stageAction() + "#" + step + ": " + e.getMessage());
                }
            }
            next = earliest(next, plan.nextDue(since, step));
        }

        String ended = null;
        if (waiting.isEmpty()) {
            String status = executions.status(pipeline, executionId).status();
            if (ExecutionStatus.IN_PROGRESS.equals(status)) {
                next = Optional.of(now.plus(plan.interval())); // between stages, or before the first
            } else {
                ended = "the execution is " + status;
            }
        } else if (next.isEmpty()) {
            if (!approvalActions.isEmpty()
                    && !ApprovalActions.finalStage(approvalActions).contains(waiting.getFirst().stageAction())) {
                // Every step was sent; look again once this stage must have ended, for the next stage's approvals.
                next = waiting.stream().map(run -> waitingSince(run, now).plus(config.approvalTimeout()))
                        .min(Comparator.naturalOrder());
            } else {
                ended = "every reminder was sent";
            }
        }
        if (next.isPresent() && check.check() == maxChecks) {
            ended = "the chain's bound of " + maxChecks + " checks";
            next = Optional.empty();
        }
        next.ifPresent(due -> scheduler.scheduleNext(check, due, invokedFunctionArn));
        ReminderReport report = done(check, waiting.stream().map(ActionRun::stageAction).toList(), sent,
                alreadySent, next.map(Instant::toString).orElse(null), ended);
        if (!failed.isEmpty()) {
            throw new IllegalStateException("reminder check " + check.check() + " of execution " + executionId
                    + " could not send " + String.join("; ", failed));
        }
        return report;
    }

    /** @return true when this check sent the step, false when its marker was already written */
    private boolean remind(ExecutionActions actions, ActionRun run, ReminderPlan plan, int step, Instant since,
            Instant now) {
        boolean escalation = plan.isEscalation(step);
        String topic = escalation ? config.escalationTopicArn().orElseThrow() : setting(run, NOTIFICATION_ARN);
        if (topic.isBlank()) {
            throw new IllegalStateException("the approval action has no NotificationArn to remind");
        }
        String key = ReminderMarkers.key(actions.pipeline(), actions.executionId(), run.stage(), run.action(), step);
        if (!markers.claim(actions.source().bucket(), key)) {
            return false;
        }
        String actionTopic = setting(run, NOTIFICATION_ARN);
        ReminderNotice notice = new ReminderNotice(actions.pipeline(), actions.executionId(), run.stage(), run.action(),
                setting(run, CUSTOM_DATA), setting(run, EXTERNAL_ENTITY_LINK),
                consoleLink(actions.pipeline(), actions.executionId(), regionOf(actionTopic.isBlank() ? topic
                        : actionTopic)),
                since, since.plus(config.approvalTimeout()), now, step, plan.count(), escalation);
        sns.publish(publish -> publish.topicArn(topic).subject(notice.subject()).message(notice.message()));
        LOG.infof("%s sent: pipeline=%s execution_id=%s action=%s step=%d", escalation ? "escalation" : "reminder",
                actions.pipeline(), actions.executionId(), run.stageAction(), step);
        return true;
    }

    private String consoleLink(String pipeline, String executionId, String region) {
        return review.consoleUrl() + "/codesuite/codepipeline/pipelines/" + pipeline + "/executions/" + executionId
                + "/timeline?region=" + region;
    }

    /** The Region of an ARN ({@code arn:partition:service:region:account:resource}). */
    static String regionOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length > 3 ? parts[3] : "";
    }

    /** A configuration value as the approver sees it: variables resolved, else as declared. */
    private static String setting(ActionRun run, String name) {
        String resolved = run.resolvedConfiguration().get(name);
        return resolved != null ? resolved : run.configuration().getOrDefault(name, "");
    }

    /** When the approval started waiting; now, if CodePipeline has not said (yet). */
    private static Instant waitingSince(ActionRun run, Instant now) {
        return run.startTime() != null ? run.startTime() : now;
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().isBefore(a.get()) ? b : a;
    }

    private static ReminderReport done(ReminderCheck check, List<String> waiting, List<String> sent, int alreadySent,
            String next, String ended) {
        LOG.infof("reminder check done: pipeline=%s execution_id=%s check=%d waiting=%d sent=%d already_sent=%d%s%s",
                check.pipeline(), check.pipelineExecutionId(), check.check(), waiting.size(), sent.size(), alreadySent,
                next == null ? "" : " next_check=" + next, ended == null ? "" : " ended=" + ended);
        return new ReminderReport(check.check(), waiting, sent, alreadySent, next, ended);
    }
}
