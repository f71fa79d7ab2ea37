package io.github.approvalgate.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.infra.InfraTemplate;
import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.review.AiReviewHandler;
import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.bedrock.BedrockStandIn;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.lambda.InvokeResult;
import io.github.approvalgate.testing.lambda.LocalLambda;
import io.github.approvalgate.testing.logs.TaskTokenWitness;
import io.github.approvalgate.testing.moto.EventBridgeForwarder;
import io.github.approvalgate.testing.moto.ExecutionHistory;
import io.github.approvalgate.testing.moto.MotoServer;
import io.github.approvalgate.testing.moto.TopicInbox;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole approval loop on this machine, wired as the template wires it in AWS: the packaged functions run through
 * Lambda's runtime interface client, moto executes the template's state machine and its Lambda task reaches
 * start-approval, the CodePipeline stand-in emits the approval events, and moto's EventBridge, loaded with the
 * template's rule, forwards the matching ones (through an SQS target) to approval-result.
 */
public final class LocalApprovalLoop implements AutoCloseable {

    public static final String PIPELINE = "CodePipelineApprovalSample";
    public static final String BUCKET = "approval-gate-local";
    public static final String KEY = "index.html";
    public static final String STATE_MACHINE = "StepFunctionsWithCodePipelineApproval";
    /** The AI reviewer's principal, as its execution role's session would appear in {@code updatedBy}. */
    public static final String AI_REVIEWER_ROLE = "arn:aws:sts::123456789012:assumed-role/approval-gate-AiReviewRole/ai-review";
    private static final String AI_REVIEWER_ACCESS_KEY = "ai-review-key";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The schedule group of the requests' deadline checks (the template's DeadlineCheckGroup). */
    public static final String DEADLINE_GROUP = "approval-gate-deadlines";
    /** Where the reference article's functions keep the token: {@code Metadata={'x-amz-meta-sfntoken': token}}. */
    private static final String SEED_TOKEN_KEY = "x-amz-meta-sfntoken";

    /** One event EventBridge delivered to approval-result, and what the function answered. */
    public record Delivery(String event, InvokeResult result) {
    }

    /** How a workflow ended: its status, its output and the states it entered, in order. */
    public record WorkflowEnd(ExecutionStatus status, JsonNode output, List<String> statesEntered) {
    }

    private final LocalLambda lambda;
    /** The stack's pipelines ({@code PipelineCount} of them, first {@link #PIPELINE}), as the template names them. */
    private final List<String> pool;
    private final int poolSize;
    private final Path functionZip;
    private final InfraTemplate template;
    private final Map<String, String> env;
    private final MotoServer moto;
    private final CodePipelineStandIn codePipeline;
    private final S3Client s3;
    private final SfnClient sfn;
    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final SchedulerClient scheduler;
    private final EventBridgeForwarder forwarder;
    /** The AI reviewer's rule and its stand-in model, in the review modes that have an AI stage. */
    private final EventBridgeForwarder aiForwarder;
    private final BedrockStandIn bedrock;
    /** The approval notification topic in moto, where ai-review tells a person why it escalated. */
    private final TopicInbox approvalTopic;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Delivery> aiReviews = new CopyOnWriteArrayList<>();
    private final String stateMachineArn;
    private final Map<String, List<String>> tokensOfEndedExecutions = new ConcurrentHashMap<>();
    private final AutoCloseable tokenWatch;
    private volatile boolean closed;

    private LocalApprovalLoop(Path functionZip, ReviewMode reviewMode, int poolSize, Map<String, String> aiEnvironment,
            Map<String, String> everyFunction) {
        InfraTemplate template = InfraTemplate.load();
        this.poolSize = poolSize;
        pool = List.of(template.pipelineNames("StartApprovalFunction", PIPELINE, poolSize).split(","));
        lambda = new LocalLambda();
        moto = MotoServer.start(lambda.port());
        codePipeline = new CodePipelineStandIn();
        pool.forEach(pipeline -> codePipeline.definePipeline(TemplatePipeline.definition(pipeline, BUCKET, KEY,
                reviewMode)));
        s3 = LocalAwsClients.s3(moto.endpoint());
        sfn = LocalAwsClients.sfn(moto.endpoint());
        eventBridge = LocalAwsClients.eventBridge(moto.endpoint());
        sqs = LocalAwsClients.sqs(moto.endpoint());
        scheduler = LocalAwsClients.scheduler(moto.endpoint());
        scheduler.createScheduleGroup(create -> create.name(DEADLINE_GROUP));
        LocalAwsClients.createVersionedBucket(moto.endpoint(), BUCKET);

        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", LocalAwsClients.REGION.id(),
                // The SDK's standard endpoint variables, as a user of the packaged function would set them.
                "AWS_ENDPOINT_URL_S3", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_SFN", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_CODEPIPELINE", codePipeline.endpoint().toString(),
                "AWS_ENDPOINT_URL_SCHEDULER", moto.endpoint().toString(),
                "AWS_ENDPOINT_URL_SNS", moto.endpoint().toString()));
        env.putAll(everyFunction);
        this.functionZip = functionZip;
        this.template = template;
        this.env = Map.copyOf(env);
        String startArn = deployDecidingFunctions(reviewMode);
        if (reviewMode == ReviewMode.HUMAN) {
            bedrock = null;
            aiForwarder = null;
            // With reminders, the topic the template's approval action names (TemplatePipeline), in moto.
            approvalTopic = everyFunction.containsKey("APPROVAL_GATE_REMINDER_AFTER")
                    ? new TopicInbox(moto.endpoint(), PIPELINE + "-approval")
                    : null;
        } else {
            bedrock = new BedrockStandIn();
            Map<String, String> aiEnv = new HashMap<>(env);
            aiEnv.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.endpoint().toString());
            approvalTopic = new TopicInbox(moto.endpoint());
            aiEnv.put("AWS_ENDPOINT_URL_SNS", moto.endpoint().toString());
            aiEnv.put("APPROVAL_GATE_AI_NOTIFICATION_TOPIC_ARN", approvalTopic.topicArn());
            aiEnv.putAll(aiEnvironment);
            aiEnv.put("APPROVAL_GATE_AI_MODEL_ID", template.parameter("BedrockModelId").path("Default").asText());
            // Its own access key: the stand-in names the AI role as updatedBy of its decisions, as IAM would.
            aiEnv.put("AWS_ACCESS_KEY_ID", AI_REVIEWER_ACCESS_KEY);
            codePipeline.principal(AI_REVIEWER_ACCESS_KEY, AI_REVIEWER_ROLE);
            lambda.deploy(AiReviewHandler.NAME, functionZip, templateEnvironment(template, "AiReviewFunction", aiEnv));
            // EventBridge invokes the function asynchronously: Lambda retries a failed invocation as often as the
            // template's EventInvokeConfig allows (immediately here; in AWS after about one and then two minutes).
            int retries = template.resource("AiReviewEventInvokeConfig").path("Properties").path("MaximumRetryAttempts")
                    .asInt();
            aiForwarder = new EventBridgeForwarder(eventBridge, sqs,
                    List.of(template.eventPattern("AiReviewRule", PIPELINE, poolSize)),
                    event -> {
                        for (int attempt = 0; attempt <= retries; attempt++) {
                            InvokeResult result = lambda.invoke(AiReviewHandler.NAME, event);
                            aiReviews.add(new Delivery(event, result));
                            if (!result.isError()) {
                                return;
                            }
                        }
                    });
        }

        forwarder = new EventBridgeForwarder(eventBridge, sqs, List.of(
                template.eventPattern("ApprovalResultRule", PIPELINE, poolSize),
                template.eventPattern("PipelineEndedRule", PIPELINE, poolSize)),
                event -> deliveries.add(new Delivery(event, lambda.invoke(ApprovalResultHandler.NAME, event))));
        codePipeline.onEvent(forwarder::put);

        stateMachineArn = sfn.createStateMachine(create -> create
                .name(STATE_MACHINE)
                .roleArn("arn:aws:iam::" + LocalLambda.DEFAULT_ACCOUNT + ":role/approval-gate-local")
                .definition(template.stateMachineDefinition(Map.of(
                        "Partition", "aws",
                        "StartApprovalFunctionArn", startArn,
                        "ApprovalTaskTimeoutSeconds", "3600",
                        "ExecutionTimeoutSeconds", "7200",
                        // Seconds instead of minutes, so that a burst test waits for slots in seconds.
                        "BusyRetryAttempts", "60",
                        "BusyRetryIntervalSeconds", "1",
                        "BusyRetryMaxDelaySeconds", "2"))))
                .stateMachineArn();
        tokenWatch = TaskTokenWitness.tokenSource(this::allTaskTokens);
        TaskTokenWitness.logs(new TaskTokenWitness.Logs() {
            @Override
            public void settle() {
                if (!closed) {
                    awaitForwarded();
                }
            }

            @Override
            public List<Path> files() {
                return List.of(); // the functions' logs are LocalLambda's
            }
        });
    }

    /** Every task token any workflow of this loop was given, read from the execution histories. */
    private List<String> allTaskTokens() {
        List<String> tokens = new ArrayList<>();
        sfn.listExecutionsPaginator(list -> list.stateMachineArn(stateMachineArn)).executions().forEach(execution -> {
            List<String> known = tokensOfEndedExecutions.get(execution.executionArn());
            if (known == null) {
                known = ExecutionHistory.taskTokens(history(execution.executionArn()));
                if (execution.status() != ExecutionStatus.RUNNING) {
                    tokensOfEndedExecutions.put(execution.executionArn(), known);
                }
            }
            tokens.addAll(known);
        });
        return tokens;
    }

    /**
     * Waits until every event put on the bus has been forwarded and answered.
     *
     * @throws AssertionError if forwarding failed (an error the forwarder kept rather than retry behind SQS)
     */
    public void awaitForwarded() {
        await().atMost(patience()).until(() -> forwarder.drained() && (aiForwarder == null || aiForwarder.drained()));
        assertForwardedWithoutError();
    }

    /** @throws AssertionError if an event matched by the rule could not be handed to approval-result */
    public void assertForwardedWithoutError() {
        List<String> errors = new ArrayList<>(forwarder.errors());
        if (aiForwarder != null) {
            errors.addAll(aiForwarder.errors());
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("EventBridge forwarding failed: " + errors);
        }
    }

    /**
     * The template's environment of a function: its literal values (those the template computes with !Ref, !If or
     * !FindInMap are left to the function's defaults or to {@code base}), with local endpoints and pipeline name.
     */
    /**
     * start-approval, approval-result and approval-sweep with the approval actions the template's ReviewModes mapping
     * gives this mode's functions; a function already deployed is replaced.
     *
     * @return start-approval's ARN
     */
    private String deployDecidingFunctions(ReviewMode reviewMode) {
        Map<String, String> decidingEnv = new HashMap<>(env);
        decidingEnv.put("APPROVAL_GATE_PIPELINE_APPROVAL_ACTIONS", template.mapping("ReviewModes")
                .path(reviewMode.parameterValue()).path("ApprovalActions").asText());
        lambda.deploy(ApprovalResultHandler.NAME, functionZip,
                templateEnvironment(template, "ApprovalResultFunction", decidingEnv));
        String sweepArn = lambda.deploy(ApprovalSweepHandler.NAME, functionZip,
                templateEnvironment(template, "ApprovalSweepFunction", decidingEnv)).arn();
        // What the template's !Ref / !GetAtt give start-approval for the deadline checks.
        Map<String, String> startEnv = new HashMap<>(decidingEnv);
        startEnv.put("APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP", DEADLINE_GROUP);
        startEnv.put("APPROVAL_GATE_DEADLINE_TARGET_ARN", sweepArn);
        startEnv.put("APPROVAL_GATE_DEADLINE_ROLE_ARN", "arn:aws:iam::123456789012:role/approval-gate-deadline-checks");
        startEnv.put("APPROVAL_GATE_DEADLINE_AFTER", "PT" + (reviewMode == ReviewMode.AI_THEN_HUMAN ? 120 : 60) + "M300S");
        return lambda.deploy(StartApprovalHandler.NAME, functionZip,
                templateEnvironment(template, "StartApprovalFunction", startEnv)).arn();
    }

    /**
     * What a stack update of {@code ReviewMode} does: the pipeline gets the new mode's stages (a new version; executions
     * already running keep theirs) and the functions the new mode's configuration. The AI reviewer is not redeployed.
     */
    public void changeReviewMode(ReviewMode reviewMode) {
        awaitForwarded();
        pool.forEach(pipeline -> codePipeline.definePipeline(TemplatePipeline.definition(pipeline, BUCKET, KEY,
                reviewMode)));
        deployDecidingFunctions(reviewMode);
    }

    /** The pipelines of the pool, in the template's order. */
    public List<String> pool() {
        return pool;
    }

    private Map<String, String> templateEnvironment(InfraTemplate template, String function, Map<String, String> base) {
        Map<String, String> env = new HashMap<>();
        template.declared(function).path("Properties").path("Environment").path("Variables").properties()
                .forEach(variable -> {
                    if (variable.getValue().isValueNode()) {
                        env.put(variable.getKey(), variable.getValue().asText());
                    }
                });
        env.putAll(base);
        env.put("APPROVAL_GATE_PIPELINE_NAMES", template.pipelineNames(function, PIPELINE, poolSize));
        return env;
    }

    /** Runs approval-sweep once, as its schedule would. */
    public InvokeResult sweep() {
        return lambda.invoke(ApprovalSweepHandler.NAME, "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}");
    }

    /**
     * Runs a request's reminder check {@code check} as EventBridge Scheduler would (moto never runs schedules):
     * approval-sweep invoked with the input of that stored schedule.
     */
    public InvokeResult reminderCheck(String pipelineExecutionId, int check) {
        return lambda.invoke(ApprovalSweepHandler.NAME, scheduleTarget(pipelineExecutionId + "-reminder-" + check)
                .input());
    }

    /**
     * A stored schedule's target, once it is there: start-approval creates a request's schedules after its start
     * (and its start record), so a test sees the execution a moment before them.
     */
    private Target scheduleTarget(String name) {
        return await().atMost(patience()).ignoreException(ResourceNotFoundException.class)
                .until(() -> scheduler.getSchedule(get -> get.groupName(DEADLINE_GROUP).name(name)).target(),
                        Objects::nonNull);
    }

    /** The target a stored reminder check schedule invokes; empty when there is no such schedule. */
    public Optional<String> reminderCheckTarget(String pipelineExecutionId, int check) {
        try {
            return Optional.of(scheduler.getSchedule(get -> get.groupName(DEADLINE_GROUP)
                    .name(pipelineExecutionId + "-reminder-" + check)).target().arn());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs a request's deadline check as EventBridge Scheduler would at its time (moto stores schedules but never runs
     * them): approval-sweep invoked with the input of the execution's schedule, which must target it.
     */
    public InvokeResult deadlineCheck(String pipelineExecutionId) {
        Target target = scheduleTarget(pipelineExecutionId);
        if (!target.arn().endsWith(":" + ApprovalSweepHandler.NAME)) {
            throw new IllegalStateException("the deadline check targets " + target.arn() + ", not approval-sweep");
        }
        return lambda.invoke(ApprovalSweepHandler.NAME, target.input());
    }

    /** The decision tag of one version of the source object, if it has one. */
    public Optional<String> decisionTagOf(String versionId) {
        return LocalAwsClients.decisionTag(s3, BUCKET, KEY, versionId);
    }

    /** Starts everything; {@code functionZip} is the packaged {@code target/function.zip}. */
    public static LocalApprovalLoop start(Path functionZip) {
        return start(functionZip, ReviewMode.HUMAN);
    }

    /** Starts everything with the template's pipeline for this review mode (and the AI reviewer when it has one). */
    public static LocalApprovalLoop start(Path functionZip, ReviewMode reviewMode) {
        return start(functionZip, reviewMode, 1);
    }

    /** Starts everything for a stack with {@code PipelineCount} {@code poolSize}: that many pipelines, each in the rules. */
    public static LocalApprovalLoop start(Path functionZip, ReviewMode reviewMode, int poolSize) {
        if (!functionZip.toFile().isFile()) {
            throw new IllegalStateException(functionZip.toAbsolutePath() + " is missing: run ./mvnw package first");
        }
        return new LocalApprovalLoop(functionZip, reviewMode, poolSize, Map.of(), Map.of());
    }

    /**
     * Like {@link #start(Path)}, with reminders on in start-approval and approval-sweep (as the template sets
     * {@code APPROVAL_GATE_REMINDER_*} with {@code ReminderAfterMinutes} above 0), every {@code interval}, at most
     * {@code count}; read the approval action's topic with {@link #approvalTopic()}.
     */
    public static LocalApprovalLoop startWithReminders(Path functionZip, Duration interval, int count) {
        if (!functionZip.toFile().isFile()) {
            throw new IllegalStateException(functionZip.toAbsolutePath() + " is missing: run ./mvnw package first");
        }
        return new LocalApprovalLoop(functionZip, ReviewMode.HUMAN, 1, Map.of(), Map.of(
                "APPROVAL_GATE_REMINDER_AFTER", interval.toString(),
                "APPROVAL_GATE_REMINDER_COUNT", String.valueOf(count),
                "APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP", DEADLINE_GROUP,
                "APPROVAL_GATE_DEADLINE_ROLE_ARN", "arn:aws:iam::123456789012:role/approval-gate-deadline-checks"));
    }

    /**
     * Like {@link #start(Path, ReviewMode)}, for people reading the functions' logs (the sandbox): Quarkus's console
     * format instead of the JSON lines the functions write in Lambda, which the tests keep.
     */
    public static LocalApprovalLoop startReadable(Path functionZip, ReviewMode reviewMode, int poolSize) {
        if (!functionZip.toFile().isFile()) {
            throw new IllegalStateException(functionZip.toAbsolutePath() + " is missing: run ./mvnw package first");
        }
        return new LocalApprovalLoop(functionZip, reviewMode, poolSize, Map.of(), Map.of(
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
    }

    /**
     * Starts everything with ai-review set up as the template sets it with the stack parameters
     * {@code BedrockGuardrailId} and {@code BedrockGuardrailVersion}: the guardrail, and what its intervention counts as
     * in this review mode (the template's ReviewModes mapping).
     */
    public static LocalApprovalLoop startWithGuardrail(Path functionZip, ReviewMode reviewMode, String guardrailId,
            String guardrailVersion) {
        if (!functionZip.toFile().isFile()) {
            throw new IllegalStateException(functionZip.toAbsolutePath() + " is missing: run ./mvnw package first");
        }
        String intervention = InfraTemplate.load().mapping("ReviewModes").path(reviewMode.parameterValue())
                .path("GuardrailIntervention").asText();
        return new LocalApprovalLoop(functionZip, reviewMode, 1, Map.of("APPROVAL_GATE_AI_GUARDRAIL_ID", guardrailId,
                "APPROVAL_GATE_AI_GUARDRAIL_VERSION", guardrailVersion,
                "APPROVAL_GATE_AI_GUARDRAIL_INTERVENTION", intervention), Map.of());
    }

    /** The AI reviewer's model stand-in; only in review modes with an AI stage. */
    public BedrockStandIn bedrock() {
        if (bedrock == null) {
            throw new IllegalStateException("this loop runs the Human review mode: no AI reviewer");
        }
        return bedrock;
    }

    /** The approval notification topic (moto); only in review modes with an AI stage, or with reminders. */
    public TopicInbox approvalTopic() {
        if (approvalTopic == null) {
            throw new IllegalStateException("this loop runs the Human review mode without reminders: no topic");
        }
        return approvalTopic;
    }

    /**
     * STARTED events of the AI approval action that the template's rule forwarded to ai-review, and its answers: one
     * entry per invocation, Lambda's retries of a failed one included.
     */
    public List<Delivery> aiReviews() {
        return List.copyOf(aiReviews);
    }

    /** Starts the template's state machine with this input, as {@code aws stepfunctions start-execution} would. */
    public String startWorkflow(String input) {
        return sfn.startExecution(start -> start.stateMachineArn(stateMachineArn).input(input)).executionArn();
    }

    /** The approval the workflow waits for, once start-approval has run; empty while it has not. */
    public Optional<PendingApproval> pendingApprovalOf(String executionArn) {
        Optional<String> token = taskTokenOf(executionArn);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return codePipeline.pendingApprovals().stream()
                .filter(pending -> tokenIn(pending.sourceVersionId()).equals(token))
                .findFirst();
    }

    /**
     * The token stored with one version of the source object; empty when it has none or the version is gone. Read
     * independently of the product: the user-metadata key the reference article's boto3 code reads, as S3 returns it.
     */
    public Optional<String> tokenIn(String versionId) {
        try {
            return Optional.ofNullable(s3.headObject(h -> h.bucket(BUCKET).key(KEY).versionId(versionId))
                    .metadata().get(SEED_TOKEN_KEY));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // a version a test deleted
            }
            throw e;
        }
    }

    /** The token the workflow's task waits with, from the execution history (as a console user could read it). */
    public Optional<String> taskTokenOf(String executionArn) {
        return ExecutionHistory.taskToken(history(executionArn));
    }

    public ExecutionStatus status(String executionArn) {
        return sfn.describeExecution(d -> d.executionArn(executionArn)).status();
    }

    /** How the workflow ended, or empty while it runs. */
    public Optional<WorkflowEnd> end(String executionArn) {
        DescribeExecutionResponse execution = sfn.describeExecution(d -> d.executionArn(executionArn));
        if (execution.status() == ExecutionStatus.RUNNING) {
            return Optional.empty();
        }
        List<String> entered = new ArrayList<>();
        for (HistoryEvent event : history(executionArn)) {
            if (event.stateEnteredEventDetails() != null) {
                entered.add(event.stateEnteredEventDetails().name());
            }
        }
        try {
            JsonNode output = execution.output() == null ? JSON.nullNode() : JSON.readTree(execution.output());
            return Optional.of(new WorkflowEnd(execution.status(), output, entered));
        } catch (Exception e) {
            throw new IllegalStateException("workflow output is not JSON: " + execution.output(), e);
        }
    }

    public List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistory(h -> h.executionArn(executionArn)).events();
    }

    /** Events the template's rule forwarded to approval-result so far, in order (not {@link #redeliver}'s). */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Puts an event on moto's default bus, where the template's rule decides whether approval-result gets it. */
    public void putEvent(String eventJson) {
        forwarder.put(eventJson);
    }

    /** Delivers this event to approval-result once more, as EventBridge's at-least-once delivery may. */
    public InvokeResult redeliver(String event) {
        return lambda.invoke(ApprovalResultHandler.NAME, event);
    }

    public CodePipelineStandIn codePipeline() {
        return codePipeline;
    }

    public S3Client s3() {
        return s3;
    }

    public LocalLambda lambda() {
        return lambda;
    }

    public MotoServer moto() {
        return moto;
    }

    /** Generous for 2 shared cores: an await ends as soon as its condition holds, so passing tests never wait it out. */
    public static Duration patience() {
        return Duration.ofSeconds(90);
    }

    @Override
    public void close() {
        try {
            tokenWatch.close(); // reads the histories one last time, while moto still runs
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the last task tokens", e);
        } finally {
            closed = true;
            closeAll();
        }
    }

    private void closeAll() {
        forwarder.close();
        if (aiForwarder != null) {
            aiForwarder.close();
            bedrock.close();
            approvalTopic.close();
        }
        codePipeline.close();
        for (AutoCloseable client : List.<AutoCloseable> of(s3, sfn, eventBridge, sqs, scheduler)) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing a local client cannot lose anything
            }
        }
        lambda.close();
        moto.close();
    }
}
