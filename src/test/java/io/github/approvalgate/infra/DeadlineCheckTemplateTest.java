package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.pipeline.PipelineNotStartedException;
import io.github.approvalgate.schedule.DeadlineConfig;
import io.github.approvalgate.schedule.DeadlineNotScheduledException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The template's per-request deadline checks: when they run, what may create them, and what they may invoke. */
class DeadlineCheckTemplateTest {

    private static final String SCHEDULES = "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/"
            + "${DeadlineCheckGroup}/*";
    private final InfraTemplate template = InfraTemplate.load();
    private final ObjectMapper json = new ObjectMapper();

    /** After every approval stage's timeout plus 5 minutes, and before the task's timeout, for every row and mode. */
    @Test
    void eachCheckRunsAfterTheLatestEndingAndBeforeTheTaskTimesOut() {
        JsonNode after = environment().path("APPROVAL_GATE_DEADLINE_AFTER").path("Fn::Sub");
        assertEquals("PT${Minutes}M300S", after.path(0).asText());
        JsonNode minutes = after.path(1).path("Minutes").path("Fn::If");
        assertEquals("HasTwoApprovalStages", minutes.path(0).asText());
        assertEquals("[ApprovalTimeout, ApprovalTimeoutMinutes, TwoStageMinutes]",
                minutes.path(1).path("Fn::FindInMap").toString().replace("\"", "").replace("{Ref:", "").replace("}", "")
                        .replace(",", ", "));
        assertEquals("ApprovalTimeoutMinutes", minutes.path(2).path("Ref").asText());

        for (String row : names(template.mapping("ApprovalTimeout"))) {
            for (ReviewMode mode : ReviewMode.values()) {
                RetryBudget budget = RetryBudget.of(template, row, mode);
                String value = budget.stages() == 2 ? template.mapping("ApprovalTimeout").path(row)
                        .path("TwoStageMinutes").asText() : row;
                Duration check = config("PT" + value + "M300S").after();
                Duration latestEnding = Duration.ofSeconds(budget.stages() * budget.approvalSeconds());
                assertEquals(latestEnding.plusMinutes(5), check, row + " " + mode);
                assertTrue(check.compareTo(Duration.ofSeconds(budget.taskTimeoutSeconds()).minusMinutes(5)) <= 0,
                        row + " " + mode + ": the check leaves Scheduler's retries time before the task times out");
            }
        }
    }

    @Test
    void startApprovalCreatesChecksOnlyInTheStackGroupAndPassesOnlyTheirRoleToScheduler() throws Exception {
        Map<String, JsonNode> statements = statements("StartApprovalRole");
        JsonNode create = statements.get("ScheduleDeadlineCheck");
        assertEquals("\"scheduler:CreateSchedule\"", create.path("Action").toString());
        assertEquals(SCHEDULES, create.path("Resource").path("Fn::Sub").asText());
        JsonNode pass = statements.get("PassDeadlineCheckRole");
        assertEquals("iam:PassRole", pass.path("Action").asText());
        assertEquals("[\"DeadlineCheckRole\",\"Arn\"]", pass.path("Resource").path("Fn::GetAtt").toString());
        assertEquals("scheduler.amazonaws.com", pass.path("Condition").path("StringEquals").path("iam:PassedToService")
                .asText());
        assertEquals(List.of("DeadlineCheckGroup"), List.of(environment().path("APPROVAL_GATE_DEADLINE_SCHEDULE_GROUP")
                .path("Ref").asText()));
        assertEquals("ApprovalSweepAlias", environment().path("APPROVAL_GATE_DEADLINE_TARGET_ARN").path("Ref").asText());
        assertEquals("[\"DeadlineCheckRole\",\"Arn\"]", environment().path("APPROVAL_GATE_DEADLINE_ROLE_ARN")
                .path("Fn::GetAtt").toString());
    }

    @Test
    void schedulerMayInvokeOnlyTheSweepAliasForThisStackSchedules() {
        JsonNode role = template.declared("DeadlineCheckRole").path("Properties");
        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertEquals("scheduler.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertEquals("AWS::AccountId", trust.path("Condition").path("StringEquals").path("aws:SourceAccount").path("Ref")
                .asText());
        assertEquals(SCHEDULES, trust.path("Condition").path("ArnLike").path("aws:SourceArn").path("Fn::Sub").asText());
        Map<String, JsonNode> statements = statements("DeadlineCheckRole");
        assertEquals(2, statements.size(), statements::toString);
        assertEquals("lambda:InvokeFunction", statements.get("InvokeSweepAlias").path("Action").asText());
        assertEquals("ApprovalSweepAlias", statements.get("InvokeSweepAlias").path("Resource").path("Ref").asText());
        assertEquals("sqs:SendMessage", statements.get("DeadLetterQueue").path("Action").asText());
    }

    /** A check that could not be scheduled is retried like a start that failed: start-approval runs again. */
    @Test
    void theStateMachineRetriesARequestWhoseCheckWasNotScheduled() throws Exception {
        JsonNode definition = json.readTree(template.stateMachineDefinition(TemplateConsistencyTest.SUBSTITUTIONS));
        JsonNode retriers = definition.path("States").path(RetryBudget.TASK).path("Retry");
        boolean together = false;
        for (JsonNode retrier : retriers) {
            String errors = retrier.path("ErrorEquals").toString();
            together |= errors.contains(DeadlineNotScheduledException.class.getName())
                    && errors.contains(PipelineNotStartedException.class.getName());
        }
        assertTrue(together, retriers::toString);
    }

    private JsonNode environment() {
        return template.declared("StartApprovalFunction").path("Properties").path("Environment").path("Variables");
    }

    private Map<String, JsonNode> statements(String role) {
        Map<String, JsonNode> bySid = new HashMap<>();
        for (JsonNode policy : template.declared(role).path("Properties").path("Policies")) {
            policy.path("PolicyDocument").path("Statement").forEach(s -> bySid.put(s.path("Sid").asText(), s));
        }
        return bySid;
    }

    private static DeadlineConfig config(String after) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("APPROVAL_GATE_DEADLINE_AFTER", after), 300))
                .withMapping(DeadlineConfig.class)
                .build();
        return config.getConfigMapping(DeadlineConfig.class);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
