package io.github.approvalgate.testing.quarkus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.review.AiReviewHandler;
import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.github.approvalgate.testing.logs.JsonLogLines;
import io.github.approvalgate.testing.logs.NoTokenInLogs;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Test profiles that select one handler, as {@code QUARKUS_LAMBDA_HANDLER} does in each deployed function. */
public final class HandlerProfiles {

    private HandlerProfiles() {
    }

    private static Map<String, String> selecting(String handler) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.lambda.handler", handler);
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", NoTokenInLogs.QUARKUS_LOG.toString());
        // The functions' JSON lines as Lambda gets them (JsonLogLines): the console stays readable.
        config.put("quarkus.log.file.json.enabled", "true");
        config.put("quarkus.log.file.json.excluded-keys", "${" + JsonLogLines.EXCLUDED_KEYS + "}");
        // Any free port: a fixed one (8081) collides with other builds on the machine.
        config.put("quarkus.lambda.mock-event-server.test-port", "0");
        return config;
    }

    public static class StartApproval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return selecting(StartApprovalHandler.NAME);
        }
    }

    /** start-approval with a pool of two: {@link LocalAwsTestResource#PIPELINE} and {@link #SECOND_PIPELINE}. */
    public static class StartApprovalPoolOfTwo implements QuarkusTestProfile {
        /** The pool's second pipeline, for the test to define in the stand-in. */
        public static final String SECOND_PIPELINE = LocalAwsTestResource.PIPELINE + "-2";
        public static final List<String> POOL = List.of(LocalAwsTestResource.PIPELINE, SECOND_PIPELINE);

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = selecting(StartApprovalHandler.NAME);
            config.put("approval-gate.pipeline.names", String.join(",", POOL));
            return config;
        }
    }

    public static class ApprovalResult implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return selecting(ApprovalResultHandler.NAME);
        }
    }

    public static class ApprovalSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return selecting(ApprovalSweepHandler.NAME);
        }
    }

    /**
     * The sweep alone, with a moto of its own: moto 5.2.1 cannot start an execution while another state machine of
     * the account has running ones (getmoto/moto#10077 reaches them through its deep copy), and the classes that
     * share a profile share its moto.
     */
    public static class ApprovalSweepOwnMoto extends ApprovalSweep {
    }

    /**
     * The sweep of a pool of three whose first pipeline does not exist: the pool's other pipelines must still be swept.
     */
    public static class ApprovalSweepPoolWithUnknownPipeline implements QuarkusTestProfile {
        public static final String UNKNOWN_PIPELINE = "no-such-pipeline";
        /** A pool pipeline besides {@link LocalAwsTestResource#PIPELINE}, for the test to define. */
        public static final String SECOND_PIPELINE = LocalAwsTestResource.PIPELINE + "-2";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = selecting(ApprovalSweepHandler.NAME);
            config.put("approval-gate.pipeline.names",
                    String.join(",", UNKNOWN_PIPELINE, LocalAwsTestResource.PIPELINE, SECOND_PIPELINE));
            return config;
        }
    }

    /** The sweep with pages of two executions and at most two pages, to reach its page budget. */
    public static class ApprovalSweepSmallPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = selecting(ApprovalSweepHandler.NAME);
            config.put("approval-gate.sweep.page-size", "2");
            config.put("approval-gate.sweep.max-pages", "2");
            return config;
        }
    }

    /**
     * The sweep with pages of ten executions and at most five pages, and start-approval (injected into the test)
     * scheduling each request's deadline check in moto's EventBridge Scheduler, group {@link #DEADLINE_GROUP}.
     */
    public static class ApprovalSweepWithDeadlines implements QuarkusTestProfile {
        public static final String DEADLINE_GROUP = "approval-gate-deadlines";
        public static final String SWEEP_ALIAS = "arn:aws:lambda:us-east-1:123456789012:function:approval-sweep:live";
        public static final String SCHEDULER_ROLE = "arn:aws:iam::123456789012:role/approval-gate-deadline-checks";
        public static final String DEAD_LETTER_QUEUE = "arn:aws:sqs:us-east-1:123456789012:approval-gate-failures";
        public static final int PAGE_SIZE = 10;
        public static final int MAX_PAGES = 5;

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = selecting(ApprovalSweepHandler.NAME);
            config.put("approval-gate.sweep.page-size", String.valueOf(PAGE_SIZE));
            config.put("approval-gate.sweep.max-pages", String.valueOf(MAX_PAGES));
            config.put("approval-gate.deadline.schedule-group", DEADLINE_GROUP);
            config.put("approval-gate.deadline.target-arn", SWEEP_ALIAS);
            config.put("approval-gate.deadline.role-arn", SCHEDULER_ROLE);
            config.put("approval-gate.deadline.dead-letter-arn", DEAD_LETTER_QUEUE);
            config.put("approval-gate.deadline.after", "PT168H5M");
            return config;
        }
    }

    /**
     * The sweep running reminder checks (every hour, 3 reminders, then the escalation) for two approver groups, with
     * the deadline checks' schedule group ({@link ReminderTestResource} adds the topics).
     */
    public static class ApprovalSweepWithReminders implements QuarkusTestProfile {
        public static final java.time.Duration INTERVAL = java.time.Duration.ofHours(1);
        public static final int COUNT = 3;
        public static final java.time.Duration APPROVAL_TIMEOUT = java.time.Duration.ofDays(7);

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new ApprovalSweepWithDeadlines().getConfigOverrides();
            config.put("approval-gate.reminder.after", INTERVAL.toString());
            config.put("approval-gate.reminder.count", String.valueOf(COUNT));
            config.put("approval-gate.reminder.approval-timeout", APPROVAL_TIMEOUT.toString());
            config.put("approval-gate.pipeline.approval-actions", String.join(",", ReminderTestResource.GROUPS.stream()
                    .map(group -> "Approval/" + group).toList()));
            return config;
        }
    }

    /**
     * ai-review with short Bedrock timeouts (so a slow model is a quick test), a small document bound, and fixed
     * review instructions that tests can find in the recorded prompt.
     */
    public static class AiReview implements QuarkusTestProfile {
        public static final String INSTRUCTIONS = "Approve only complete change requests with a rollback plan.";
        public static final int MAX_DOCUMENT_BYTES = 4096;

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = selecting(AiReviewHandler.NAME);
            config.put("approval-gate.ai.instructions", INSTRUCTIONS);
            config.put("approval-gate.ai.max-document-bytes", String.valueOf(MAX_DOCUMENT_BYTES));
            config.put("approval-gate.bedrock.attempt-timeout", "PT1S");
            config.put("approval-gate.bedrock.api-call-timeout", "PT2S");
            config.put("approval-gate.bedrock.max-attempts", "2");
            return config;
        }
    }

    /** {@link AiReview} with a Bedrock guardrail, whose intervention escalates, as the stack sets it in AiThenHuman. */
    public static class AiReviewWithGuardrail extends AiReview {
        public static final String GUARDRAIL_ID = "gr7example01";
        public static final String GUARDRAIL_VERSION = "3";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("approval-gate.ai.guardrail-id", GUARDRAIL_ID);
            config.put("approval-gate.ai.guardrail-version", GUARDRAIL_VERSION);
            config.put("approval-gate.ai.guardrail-intervention", "escalate");
            return config;
        }
    }
}
