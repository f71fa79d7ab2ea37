package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Named;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.decision.TaskDecision;
import io.github.approvalgate.pipeline.ApprovalActions;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.event.ActionType;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;
import io.github.approvalgate.pipeline.event.StateChangeDetail;
import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Keeps infra/template.yaml and the code one truth: names, payload fields, event fields, environment. */
class TemplateConsistencyTest {

    static final Map<String, String> SUBSTITUTIONS = Map.of(
            "Partition", "aws",
            "StartApprovalFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:start-approval:live",
            "ApprovalTaskTimeoutSeconds", "605700",
            "ExecutionTimeoutSeconds", "606600",
            "BusyRetryAttempts", "4037",
            "BusyRetryIntervalSeconds", "10",
            "BusyRetryMaxDelaySeconds", "300");

    private final InfraTemplate template = InfraTemplate.load();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eachFunctionSelectsAHandlerThatExists() {
        assertEquals(StartApprovalHandler.NAME, template.environment("StartApprovalFunction").get("QUARKUS_LAMBDA_HANDLER"));
        assertEquals(ApprovalResultHandler.NAME, template.environment("ApprovalResultFunction").get("QUARKUS_LAMBDA_HANDLER"));
        assertEquals(StartApprovalHandler.NAME, StartApprovalHandler.class.getAnnotation(Named.class).value());
        assertEquals(ApprovalResultHandler.NAME, ApprovalResultHandler.class.getAnnotation(Named.class).value());
    }

    @Test
    void startApprovalEnvironmentReachesThePipelineConfiguration() {
        Map<String, String> env = new java.util.HashMap<>(template.environment("StartApprovalFunction"));
        env.put("APPROVAL_GATE_PIPELINE_NAMES", "the-pipeline"); // a !Ref in the template
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(PipelineConfig.class)
                .build();

        PipelineConfig pipeline = config.getConfigMapping(PipelineConfig.class);
        assertEquals(List.of("the-pipeline"), pipeline.pool());
        assertEquals(template.resource("ApprovalPipeline").path("Properties").path("Stages").get(0)
                .path("Actions").get(0).path("Name").asText(), pipeline.sourceActionName());
        assertTrue(env.keySet().stream().filter(name -> name.startsWith("APPROVAL_GATE_"))
                .allMatch(name -> Set.of("APPROVAL_GATE_PIPELINE_NAMES", "APPROVAL_GATE_PIPELINE_SOURCE_ACTION_NAME",
                        "APPROVAL_GATE_PIPELINE_APPROVAL_ACTIONS", "APPROVAL_GATE_REVIEW_CONSOLE_URL",
                        "APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP", "APPROVAL_GATE_DEADLINE_TARGET_ARN",
                        "APPROVAL_GATE_DEADLINE_ROLE_ARN", "APPROVAL_GATE_DEADLINE_DEAD_LETTER_ARN",
                        "APPROVAL_GATE_DEADLINE_AFTER", "APPROVAL_GATE_REMINDER_AFTER").contains(name)),
                env::toString);
    }

    @Test
    void stateMachineKeepsTheReferenceStatesAndIsValidJson() throws Exception {
        JsonNode definition = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS));

        assertEquals("InvokeLambdaForCodePipelineExecution", definition.path("StartAt").asText());
        assertEquals(Set.of("InvokeLambdaForCodePipelineExecution", "ApprovalResult", "Approved", "Rejected", "Fail",
                "NoPipelineSlot"),
                names(definition.path("States").fieldNames()));
        JsonNode task = definition.path("States").path("InvokeLambdaForCodePipelineExecution");
        assertEquals("arn:aws:states:::lambda:invoke.waitForTaskToken", task.path("Resource").asText());
        assertEquals(SUBSTITUTIONS.get("StartApprovalFunctionArn"), task.path("Parameters").path("FunctionName").asText());
        assertTrue(task.path("TimeoutSeconds").asInt() > 0, "a lost decision must not hang the workflow for a year");
    }

    @Test
    void taskPayloadSendsExactlyTheFieldsStartApprovalReads() throws Exception {
        JsonNode payload = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS))
                .path("States").path("InvokeLambdaForCodePipelineExecution").path("Parameters").path("Payload");

        Set<String> sent = names(payload.fieldNames()).stream()
                .map(name -> name.replaceFirst("\\.\\$$", "")).collect(Collectors.toSet());

        // The optional per-request context is the workflow author's to add: a JSONPath to a missing input field fails.
        Set<String> reference = new java.util.HashSet<>(jsonNames(ApprovalRequest.class));
        reference.removeAll(Set.of(ApprovalRequest.APPROVAL_SUMMARY, ApprovalRequest.REVIEW_URL));
        assertEquals(reference, sent);
        assertEquals("$$.Task.Token", payload.path(ApprovalRequest.TOKEN + ".$").asText());
    }

    @Test
    void retriedErrorsNameExistingExceptions() throws Exception {
        JsonNode retry = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS))
                .path("States").path("InvokeLambdaForCodePipelineExecution").path("Retry");

        int ours = 0;
        for (JsonNode retrier : retry) {
            for (JsonNode error : retrier.path("ErrorEquals")) {
                if (error.asText().startsWith("io.github.approvalgate.")) {
                    assertTrue(RuntimeException.class.isAssignableFrom(Class.forName(error.asText())), error::asText);
                    ours++;
                }
            }
        }
        assertEquals(3, ours, "the pipeline-not-started (with deadline-not-scheduled) and pipeline-busy retriers");
    }

    @Test
    void choiceReadsTheDecisionFieldApprovalResultSends() throws Exception {
        JsonNode choices = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS))
                .path("States").path("ApprovalResult").path("Choices");
        String decisionField = jsonName(TaskDecision.class, "approved");

        for (JsonNode choice : choices) {
            assertEquals("$." + decisionField, choice.path("Variable").asText());
        }
        assertEquals("Approved", choices.get(0).path("Next").asText());
        assertTrue(choices.get(0).path("BooleanEquals").asBoolean());
    }

    @Test
    void approvalRulePatternMatchesTheEventRecords() throws Exception {
        JsonNode pattern = json.readTree(template.eventPattern("ApprovalResultRule", "p"));

        assertEquals(CodePipelineStateChange.SOURCE, pattern.path("source").get(0).asText());
        assertEquals(CodePipelineStateChange.ACTION_DETAIL_TYPE, pattern.path("detail-type").get(0).asText());
        assertFieldsAreRead(pattern);
        assertTrue(jsonNames(ActionType.class).containsAll(names(pattern.path("detail").path("type").fieldNames())));
        assertEquals(ActionType.APPROVAL_CATEGORY, pattern.path("detail").path("type").path("category").get(0).asText());
        assertEquals(Set.of("SUCCEEDED", "FAILED", "ABANDONED", "CANCELED"),
                names(pattern.path("detail").path("state").elements()));
    }

    @Test
    void pipelineEndedRulePatternMatchesTheEventRecords() throws Exception {
        JsonNode pattern = json.readTree(template.eventPattern("PipelineEndedRule", "p"));

        assertEquals(CodePipelineStateChange.SOURCE, pattern.path("source").get(0).asText());
        assertEquals(CodePipelineStateChange.PIPELINE_DETAIL_TYPE, pattern.path("detail-type").get(0).asText());
        assertFieldsAreRead(pattern);
        assertEquals(Set.of("FAILED", "STOPPED", "SUPERSEDED", "CANCELED"),
                names(pattern.path("detail").path("state").elements()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "Human", "AiThenHuman", "Ai" })
    void approvalActionsOfEachReviewModeAreTheStagesTheConditionsCreate(String mode) {
        JsonNode declared = template.declared();
        List<String> created = createdApprovals(mode, "Approval");

        assertEquals(String.join(",", created),
                template.mapping("ReviewModes").path(mode).path("ApprovalActions").asText());
        for (String groups : List.of("Approval", "security,owner,release")) {
            List<String> withGroups = createdApprovals(mode, groups);
            for (String function : List.of("StartApprovalFunction", "ApprovalResultFunction", "ApprovalSweepFunction")) {
                JsonNode variable = declared.path("Resources").path(function).path("Properties").path("Environment")
                        .path("Variables").path("APPROVAL_GATE_PIPELINE_APPROVAL_ACTIONS");
                assertEquals(String.join(",", withGroups), template.conditions(mode, groups).text(variable),
                        function + " " + mode + " " + groups);
            }
        }
        for (String approval : createdApprovals(mode, "security,owner,release")) {
            JsonNode configuration = template.pipelineStages(mode, "security,owner,release").stream()
                    .flatMap(stage -> java.util.stream.StreamSupport.stream(stage.path("Actions").spliterator(), false)
                            .filter(action -> approval.equals(stage.path("Name").asText() + "/"
                                    + action.path("Name").asText())))
                    .findFirst().orElseThrow().path("Configuration");
            assertEquals("#{variables." + PipelineConfig.APPROVAL_SUMMARY_VARIABLE + "}",
                    configuration.path("CustomData").asText(), approval);
            assertEquals("#{variables." + PipelineConfig.REVIEW_URL_VARIABLE + "}",
                    configuration.path("ExternalEntityLink").asText(), approval);
        }
    }

    /** {@code Stage/Action} of every approval action the pipeline has for a review mode and approver groups. */
    private List<String> createdApprovals(String mode, String groups) {
        List<String> created = new java.util.ArrayList<>();
        for (JsonNode stage : template.pipelineStages(mode, groups)) {
            for (JsonNode action : stage.path("Actions")) {
                if (action.path("ActionTypeId").path("Category").asText().equals("Approval")) {
                    created.add(stage.path("Name").asText() + "/" + action.path("Name").asText());
                }
            }
        }
        return created;
    }

    @Test
    void threeApproverGroupsAreThreeParallelActionsOfTheApprovalStageEachWithItsOwnTopic() {
        JsonNode approval = template.pipelineStages("Human", "security,owner,release").stream()
                .filter(stage -> stage.path("Name").asText().equals("Approval")).findFirst().orElseThrow();

        assertEquals(List.of("security", "owner", "release"), java.util.stream.StreamSupport
                .stream(approval.path("Actions").spliterator(), false).map(a -> a.path("Name").asText()).toList());
        assertEquals(List.of("1", "1", "1"), java.util.stream.StreamSupport
                .stream(approval.path("Actions").spliterator(), false).map(a -> a.path("RunOrder").asText()).toList());
        assertEquals(List.of("ApprovalNotificationTopic", "ApproverGroup2Topic", "ApproverGroup3Topic"),
                java.util.stream.StreamSupport.stream(approval.path("Actions").spliterator(), false)
                        .map(a -> a.path("Configuration").path("NotificationArn").path("Ref").asText()).toList());
        assertEquals(List.of("Approval"), createdApprovals("Human", "Approval").stream()
                .map(a -> a.substring(a.indexOf('/') + 1)).toList(), "one group by default, as before");
    }

    @Test
    void pipelineIsV2InParallelModeSoNoRequestIsSupersededOrQueued() {
        JsonNode pipeline = template.resource("ApprovalPipeline").path("Properties");

        assertEquals("V2", pipeline.path("PipelineType").asText());
        assertEquals("PARALLEL", pipeline.path("ExecutionMode").asText());
    }

    @Test
    void pipelineDeclaresTheVariableStartApprovalPasses() {
        assertEquals(List.of(PipelineConfig.SOURCE_VERSION_VARIABLE, ApprovalActions.VARIABLE,
                PipelineConfig.APPROVAL_SUMMARY_VARIABLE, PipelineConfig.REVIEW_URL_VARIABLE),
                List.copyOf(template.pipelineVariables().keySet()));
        List<JsonNode> declared = List.of("StartApprovalFunction", "ApprovalResultFunction", "ApprovalSweepFunction")
                .stream().map(function -> template.declared().path("Resources").path(function).path("Properties")
                        .path("Environment").path("Variables").path("APPROVAL_GATE_PIPELINE_APPROVAL_ACTIONS"))
                .toList();
        assertEquals(1, declared.stream().distinct().count(),
                "the functions that read the approval actions have the same ones as the one that writes them");
    }

    @Test
    void sweepRunsTheSweepHandlerFromTheSameArtifact() {
        assertEquals(ApprovalSweepHandler.NAME, template.environment("ApprovalSweepFunction").get("QUARKUS_LAMBDA_HANDLER"));
        assertEquals("ApprovalSweepAlias", template.resource("ApprovalSweepSchedule").path("Properties").path("Targets")
                .get(0).path("Arn").asText());
    }

    private static void assertFieldsAreRead(JsonNode pattern) {
        Set<String> envelope = jsonNames(CodePipelineStateChange.class);
        assertTrue(envelope.containsAll(names(pattern.fieldNames())), () -> envelope + " vs " + pattern);
        Set<String> detail = jsonNames(StateChangeDetail.class);
        assertTrue(detail.containsAll(names(pattern.path("detail").fieldNames())), () -> detail + " vs " + pattern);
    }

    @Test
    void everyEventRuleForwardsOnlyThisPipelinesEvents() throws Exception {
        List<String> rules = template.eventRules().stream()
                .filter(rule -> !template.declaredEventPattern(rule).isMissingNode()).toList();

        assertTrue(rules.containsAll(List.of("ApprovalResultRule", "PipelineEndedRule")), rules::toString);
        for (String rule : rules) {
            assertEquals(json.createArrayNode().add("p"),
                    json.readTree(template.eventPattern(rule, "p")).path("detail").path("pipeline"), rule);
            assertEquals(json.createArrayNode().add("p").add("p-2"),
                    json.readTree(template.eventPattern(rule, "p", 2)).path("detail").path("pipeline"),
                    rule + " names the pool (PoolTemplateTest checks every size)");
        }
    }

    /**
     * The rules of the template's Mappings comment, for every row and every review mode: the task waits each stage's
     * approval timeout plus 15 minutes; a request waits on average one approval timeout (give or take one delay cap) for a
     * pipeline slot (busy retries, delay cap 300 s or more, at most 4000 attempts); the worst-case history stays 20% below Step
     * Functions'
     * quota; the execution outlasts the worst-case retries (every delay at its cap, every attempt at the function's
     * timeout) plus the task; noncurrent versions outlive the execution.
     */
    @Test
    void everyApprovalTimeoutAndReviewModeFitsTheHistoryQuotaAndTheWorstCaseWait() throws Exception {
        long marginSeconds = 15 * 60;
        JsonNode table = template.mapping("ApprovalTimeout");
        Set<String> allowed = names(template.parameter("ApprovalTimeoutMinutes").path("AllowedValues").elements());

        assertEquals(allowed, names(table.fieldNames()), "one row per allowed approval timeout");
        for (String minutes : allowed) {
            JsonNode row = table.path(minutes);
            long approvalSeconds = Long.parseLong(minutes) * 60;
            assertTrue(Long.parseLong(minutes) >= 5 && Long.parseLong(minutes) <= 86400, minutes
                    + " is outside the manual approval's 5-86400 minutes");
            assertEquals(Long.parseLong(minutes), row.path("Minutes").asLong(), "Minutes of row " + minutes);
            assertEquals(2 * Long.parseLong(minutes), row.path("TwoStageMinutes").asLong(), "TwoStageMinutes of " + minutes);
            long cap = 5 + ceilDiv(2 * approvalSeconds, 300) <= MAX_BUSY_ATTEMPTS ? 300
                    : 60 * ceilDiv(ceilDiv(2 * approvalSeconds, MAX_BUSY_ATTEMPTS - 5), 60);
            assertEquals(cap, row.path("BusyRetryMaxDelaySeconds").asLong(), "BusyRetryMaxDelaySeconds of row " + minutes);
            assertEquals(5 + ceilDiv(2 * approvalSeconds, cap), row.path("BusyRetryAttempts").asLong(),
                    "BusyRetryAttempts of row " + minutes);
            for (ReviewMode mode : ReviewMode.values()) {
                RetryBudget budget = RetryBudget.of(template, minutes, mode);
                String where = "row " + minutes + ", " + mode + ": ";
                String prefix = budget.stages() == 2 ? "TwoStage" : "";
                assertEquals(budget.stages() * approvalSeconds + marginSeconds, budget.taskTimeoutSeconds(),
                        where + "task timeout");
                assertTrue(budget.busyAttempts() <= MAX_BUSY_ATTEMPTS, where + budget.busyAttempts() + " busy attempts");
                assertTrue(budget.worstHistoryEvents() <= RetryBudget.HISTORY_LIMIT,
                        where + budget.worstHistoryEvents() + " history events in the worst case");
                assertTrue(Math.abs(budget.meanBusyWaitSeconds() - approvalSeconds) <= cap,
                        where + "a request waits on average " + budget.meanBusyWaitSeconds() + " s for a slot");
                assertEquals(budget.worstRetryWaitSeconds() + budget.taskTimeoutSeconds() + marginSeconds,
                        budget.executionTimeoutSeconds(), where + "execution timeout");
                assertTrue(budget.executionTimeoutSeconds() <= 365 * 86400L,
                        where + "a Standard execution lasts at most a year");
                assertEquals(ceilDiv(budget.executionTimeoutSeconds(), 86400) + 1,
                        row.path(prefix + "NoncurrentVersionDays").asLong(), where + "noncurrent version days");
            }
        }
        assertTrue(Files.readString(Path.of("docs", "deploy.md")).contains("The Step Functions task waits 15 minutes longer"),
                "docs/deploy.md documents the task margin");
    }

    @Test
    void noncurrentVersionsExpireAfterTheLongestRequestOfTheTimeoutRow() {
        JsonNode rule = template.declared("ArtifactBucket").path("Properties").path("LifecycleConfiguration")
                .path("Rules").get(0);
        assertEquals("Enabled", rule.path("Status").asText());
        assertPerStageCount(rule.path("NoncurrentVersionExpiration").path("NoncurrentDays"), "NoncurrentVersionDays");
        assertTrue(template.declared().path("Parameters").path("NoncurrentVersionExpirationDays").isMissingNode(),
                "no separate default for the retention");
    }

    private static final long MAX_BUSY_ATTEMPTS = 4000;

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }

    @Test
    void theTableFeedsTheApprovalActionTheTaskAndTheExecution() throws Exception {
        JsonNode approval = template.declared("ApprovalPipeline").path("Properties").path("Stages")
                .findParents("ActionTypeId").stream()
                .filter(action -> action.path("ActionTypeId").path("Category").asText().equals("Approval"))
                .findFirst().orElseThrow();
        assertEquals("[ApprovalTimeout, ApprovalTimeoutMinutes, Minutes]", lookup(approval.path("TimeoutInMinutes")));
        assertEquals("Manual", approval.path("ActionTypeId").path("Provider").asText());
        JsonNode substitutions = template.definitionSubstitutions();
        assertPerStageCount(substitutions.path("ApprovalTaskTimeoutSeconds"), "TaskTimeoutSeconds");
        assertPerStageCount(substitutions.path("ExecutionTimeoutSeconds"), "ExecutionTimeoutSeconds");

        JsonNode definition = json.readTree(template.stateMachineDefinition(Map.of(
                "StartApprovalFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:start-approval:live",
                "ApprovalTaskTimeoutSeconds", "111", "ExecutionTimeoutSeconds", "222", "BusyRetryAttempts", "333",
                "BusyRetryIntervalSeconds", "10", "BusyRetryMaxDelaySeconds", "300", "Partition", "aws")));
        assertEquals(111, definition.path("States").path("InvokeLambdaForCodePipelineExecution")
                .path("TimeoutSeconds").asInt());
        assertEquals(222, definition.path("TimeoutSeconds").asInt());
        assertEquals("[ApprovalTimeout, ApprovalTimeoutMinutes, BusyRetryAttempts]",
                lookup(substitutions.path("BusyRetryAttempts")));
        assertEquals("[ApprovalTimeout, ApprovalTimeoutMinutes, BusyRetryMaxDelaySeconds]",
                lookup(substitutions.path("BusyRetryMaxDelaySeconds")));
        assertTrue(definition.path("States").path("InvokeLambdaForCodePipelineExecution").path("Retry")
                .findValues("MaxAttempts").stream().anyMatch(attempts -> attempts.asInt() == 333));
    }

    /** {@code !If [HasTwoApprovalStages, TwoStage<column>, <column>]}: the two-stage mode waits for two approvals. */
    private static void assertPerStageCount(JsonNode substitution, String column) {
        JsonNode choice = substitution.path("Fn::If");
        assertEquals("HasTwoApprovalStages", choice.path(0).asText(), substitution::toString);
        assertEquals("[ApprovalTimeout, ApprovalTimeoutMinutes, TwoStage" + column + "]", lookup(choice.path(1)));
        assertEquals("[ApprovalTimeout, ApprovalTimeoutMinutes, " + column + "]", lookup(choice.path(2)));
    }

    /** {@code !FindInMap [Table, !Ref Param, Column]} as {@code [Table, Param, Column]}. */
    private static String lookup(JsonNode findInMap) {
        JsonNode args = findInMap.path("Fn::FindInMap");
        assertEquals(3, args.size(), findInMap::toString);
        return "[" + args.get(0).asText() + ", " + args.get(1).path("Ref").asText() + ", " + args.get(2).asText() + "]";
    }

    @Test
    void stepFunctionsInputExampleIsValidJsonWithEveryFieldTheWorkflowReads() throws Exception {
        JsonNode example = template.stepFunctionsInputExample(Map.of("AWS::Region", "us-east-1",
                "BucketName", "bucket", "CodePipelineS3bucketKeyInput", "index.html",
                "CodePipelineS3bucketKeyContentType", "text/html"));

        Set<String> readFromInput = new TreeSet<>();
        json.readTree(template.stateMachineDefinition(SUBSTITUTIONS)).path("States")
                .path("InvokeLambdaForCodePipelineExecution").path("Parameters").path("Payload").elements()
                .forEachRemaining(path -> {
                    if (path.asText().startsWith("$$.Execution.Input.")) {
                        readFromInput.add(path.asText().substring("$$.Execution.Input.".length()));
                    }
                });
        assertEquals(4, readFromInput.size(), readFromInput::toString);
        assertTrue(names(example.fieldNames()).containsAll(readFromInput), example::toString);
    }

    private static Set<String> names(Iterator<?> items) {
        Set<String> names = new HashSet<>();
        items.forEachRemaining(item -> names.add(item instanceof JsonNode node ? node.asText() : item.toString()));
        return names;
    }

    private static Set<String> jsonNames(Class<? extends Record> type) {
        return Stream.of(type.getRecordComponents()).map(TemplateConsistencyTest::jsonName).collect(Collectors.toSet());
    }

    private static String jsonName(Class<? extends Record> type, String component) {
        return Stream.of(type.getRecordComponents()).filter(c -> c.getName().equals(component)).findFirst()
                .map(TemplateConsistencyTest::jsonName).orElseThrow();
    }

    private static String jsonName(RecordComponent component) {
        // @JsonProperty does not target record components: Java copies it to the accessor.
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }
}
