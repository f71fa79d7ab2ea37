package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.reminder.ReminderConfig;
import io.github.approvalgate.reminder.ReminderMarkers;
import io.github.approvalgate.reminder.ReminderPlan;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The template's reminders: the sweep's reminder policy names exactly the approver groups' topics, the escalation
 * topic, the marker prefix and the schedule group; the parameters reach both functions' configuration; a changed
 * reminder parameter publishes new function versions.
 */
class ReminderTemplateTest {

    private static final String NO_VALUE = "<no value>";
    private static final String ESCALATION = "arn:aws:sns:us-east-1:123456789012:on-call";

    private final InfraTemplate template = InfraTemplate.load();

    @Test
    void theReminderPolicyMayPublishExactlyToTheGroupsTopicsAndTheEscalationTopic() {
        for (String groups : List.of("Approval", "security,owner", "security,owner,release")) {
            TemplateConditions values = values(groups, "60", "3", ESCALATION);
            Set<String> notified = new TreeSet<>();
            for (JsonNode stage : template.pipelineStages("Human", groups)) {
                if (stage.path("Name").asText().equals("Approval")) {
                    stage.path("Actions").forEach(action -> notified.add(action.path("Configuration")
                            .path("NotificationArn").path("Ref").asText()));
                }
            }
            assertEquals(groups.split(",").length, notified.size(), "each group its own topic: " + notified);

            Set<String> published = new TreeSet<>();
            for (JsonNode statement : statements(values)) {
                if (IamPolicy.values(statement.path("Action")).contains("sns:Publish")) {
                    assertEquals(List.of("sns:Publish"), IamPolicy.values(statement.path("Action")));
                    resources(values, statement.path("Resource")).forEach(published::add);
                }
            }
            Set<String> expected = new TreeSet<>(notified);
            expected.add("EscalationTopicArn");
            assertEquals(expected, published, groups);
        }
        Set<String> withoutEscalation = new TreeSet<>();
        TemplateConditions none = values("Approval", "60", "3", "");
        statements(none).stream().filter(s -> s.toString().contains("sns:Publish"))
                .forEach(s -> resources(none, s.path("Resource")).forEach(withoutEscalation::add));
        assertEquals(Set.of("ApprovalNotificationTopic"), withoutEscalation);
    }

    @Test
    void theReminderPolicyWritesOnlyMarkersAndSchedulesOnlyInTheStackGroup() {
        TemplateConditions values = values("security,owner", "60", "3", "");
        JsonNode policy = template.declared("ApprovalSweepReminderPolicy");
        assertEquals("HasReminders", policy.path("Condition").asText());
        assertEquals("ApprovalSweepRole", policy.path("Properties").path("RoleName").path("Ref").asText());
        Map<String, JsonNode> bySid = new LinkedHashMap<>();
        Set<String> actions = new TreeSet<>();
        for (JsonNode statement : statements(values)) {
            bySid.put(statement.path("Sid").asText(), statement);
            assertEquals("Allow", statement.path("Effect").asText());
            actions.addAll(IamPolicy.values(statement.path("Action")));
        }
        assertEquals(Set.of("iam:PassRole", "kms:Decrypt", "kms:GenerateDataKey", "s3:PutObject",
                "scheduler:CreateSchedule", "sns:Publish"), actions, "named actions, no wildcard");

        JsonNode markers = bySid.get("WriteReminderMarkers").path("Resource").path("Fn::Sub");
        assertEquals("arn:${AWS::Partition}:s3:::${BucketName}/" + ReminderMarkers.PREFIX + "*", markers.get(0).asText());
        assertEquals("arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${DeadlineCheckGroup}/*",
                bySid.get("ScheduleNextReminderCheck").path("Resource").path("Fn::Sub").asText());
        JsonNode pass = bySid.get("PassDeadlineCheckRole");
        assertEquals("[\"DeadlineCheckRole\",\"Arn\"]", pass.path("Resource").path("Fn::GetAtt").toString());
        assertEquals("scheduler.amazonaws.com", pass.path("Condition").path("StringEquals").path("iam:PassedToService")
                .asText());
        assertEquals("[\"ApprovalNotificationKey\",\"Arn\"]", bySid.get("ApprovalNotificationKey").path("Resource")
                .path("Fn::GetAtt").toString());

        // The markers' lifecycle rule: StartRecordsTemplateTest checks every prefix that expires.
    }

    @Test
    void theKeyAndTheTopicPolicyAdmitTheSweepOnlyWithReminders() {
        JsonNode keyStatements = template.declared("ApprovalNotificationKey").path("Properties").path("KeyPolicy")
                .path("Statement");
        JsonNode sweep = null;
        for (JsonNode statement : keyStatements) {
            JsonNode branch = statement.path("Fn::If");
            if (!branch.isMissingNode() && branch.get(0).asText().equals("HasReminders")) {
                sweep = branch.get(1);
            }
        }
        assertEquals("[\"ApprovalSweepRole\",\"Arn\"]", sweep.path("Condition").path("ArnEquals")
                .path("aws:PrincipalArn").path("Fn::GetAtt").toString());
        assertTrue(values("Approval", "60", "3", "").isTrue("HasReminders"));
        assertFalse(values("Approval", "0", "3", "").isTrue("HasReminders"));
    }

    @Test
    void theParametersReachBothFunctionsConfiguration() {
        ReminderPlan plan = ReminderPlan.of(config("ApprovalSweepFunction", values("security,owner", "90", "4",
                ESCALATION))).orElseThrow();
        assertEquals(new ReminderPlan(Duration.ofMinutes(90), 4, true), plan);
        assertEquals(Duration.ofMinutes(10080), config("ApprovalSweepFunction", values("Approval", "90", "4", ""))
                .approvalTimeout());
        assertEquals(Optional.of(Duration.ofMinutes(90)), config("StartApprovalFunction",
                values("Approval", "90", "4", "")).after());

        assertTrue(ReminderPlan.of(config("ApprovalSweepFunction", values("Approval", "0", "3", ESCALATION))).isEmpty());
        assertTrue(config("StartApprovalFunction", values("Approval", "0", "3", "")).after().isEmpty());
        assertEquals(String.valueOf(ReminderConfig.MAX_COUNT), template.parameter("ReminderCount").path("MaxValue")
                .asText());
        assertEquals("0", template.parameter("ReminderAfterMinutes").path("Default").asText(), "off by default");
    }

    /**
     * A Lambda version is published only when its own properties change: every reminder parameter is in the sweep
     * version's Description (start-approval reads only the interval), and the longest Description of these versions
     * (longest pipeline name, a pool of 20) fits Lambda's 256 characters.
     */
    @Test
    void aChangedReminderParameterPublishesNewVersions() {
        String sweep = template.declared("ApprovalSweepVersion").path("Properties").path("Description").path("Fn::Sub")
                .get(0).asText();
        for (String parameter : List.of("ReminderAfterMinutes", "ReminderCount", "Escalation")) {
            assertTrue(sweep.contains("${" + parameter + "}"), sweep);
        }
        assertTrue(template.declared("StartApprovalVersion").toString().contains("${ReminderAfterMinutes}"));

        for (String version : List.of("ApprovalSweepVersion", "StartApprovalVersion", "ApprovalResultVersion")) {
            String text = template.declared(version).path("Properties").path("Description").path("Fn::Sub").get(0)
                    .asText();
            Matcher names = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(text);
            String longest = names.replaceAll(match -> Matcher.quoteReplacement(longestValue(match.group(1))));
            assertTrue(longest.length() <= 256, version + ", " + longest.length() + ": " + longest);
        }
        TemplateConditions values = values("Approval", "60", "3", ESCALATION);
        assertEquals("on-call", values.text(template.declared("ApprovalSweepVersion").path("Properties")
                .path("Description").path("Fn::Sub").get(1).path("Escalation")));
        assertEquals("none", values("Approval", "60", "3", "").text(template.declared("ApprovalSweepVersion")
                .path("Properties").path("Description").path("Fn::Sub").get(1).path("Escalation")));
    }

    /** The longest value a parameter allows (the escalation topic: its name, at most 60 characters). */
    private String longestValue(String name) {
        if (name.equals("Escalation")) {
            return "n".repeat(60);
        }
        if (name.equals("Pool")) {
            return " pool=" + longestValue("PipelineCount");
        }
        if (name.equals("FunctionCodeSha256")) {
            return "A".repeat(43) + "=";
        }
        JsonNode parameter = template.parameter(name);
        Matcher longestByPattern = Pattern.compile("\\{\\d+,(\\d+)}\\$?$").matcher(parameter.path("AllowedPattern")
                .asText());
        if (longestByPattern.find()) {
            return "p".repeat(Integer.parseInt(longestByPattern.group(1)));
        }
        if (parameter.has("AllowedValues")) {
            String longest = "";
            for (JsonNode value : parameter.path("AllowedValues")) {
                longest = value.asText().length() > longest.length() ? value.asText() : longest;
            }
            return longest;
        }
        return parameter.path("MaxValue").asText();
    }

    private ReminderConfig config(String function, TemplateConditions values) {
        Map<String, String> env = new HashMap<>();
        template.declared(function).path("Properties").path("Environment").path("Variables").properties()
                .forEach(entry -> {
                    if (entry.getKey().startsWith("APPROVAL_GATE_REMINDER_")) {
                        String value = values.text(entry.getValue());
                        if (!value.equals(NO_VALUE)) {
                            env.put(entry.getKey(), value);
                        }
                    }
                });
        return new SmallRyeConfigBuilder().withSources(new EnvConfigSource(env, 300)).withMapping(ReminderConfig.class)
                .build().getConfigMapping(ReminderConfig.class);
    }

    private List<JsonNode> statements(TemplateConditions values) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode statement : template.declared("ApprovalSweepReminderPolicy").path("Properties")
                .path("PolicyDocument").path("Statement")) {
            JsonNode branch = statement.path("Fn::If");
            JsonNode chosen = branch.isMissingNode() ? statement
                    : values.isTrue(branch.get(0).asText()) ? branch.get(1) : branch.get(2);
            if (!"AWS::NoValue".equals(chosen.path("Ref").asText())) {
                statements.add(chosen);
            }
        }
        return statements;
    }

    /** The logical ids (or parameter names) a Resource refers to, with the conditions' choices made. */
    private static List<String> resources(TemplateConditions values, JsonNode resource) {
        List<String> names = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(item -> names.addAll(resources(values, item)));
        } else if (resource.has("Fn::If")) {
            JsonNode branch = resource.path("Fn::If");
            names.addAll(resources(values, values.isTrue(branch.get(0).asText()) ? branch.get(1) : branch.get(2)));
        } else if (!"AWS::NoValue".equals(resource.path("Ref").asText())) {
            names.add(resource.path("Ref").asText());
        }
        return names;
    }

    private TemplateConditions values(String groups, String after, String count, String escalation) {
        Map<String, String> refs = new HashMap<>();
        refs.put("ReviewMode", "Human");
        refs.put("ApproverGroups", groups);
        refs.put("ReminderAfterMinutes", after);
        refs.put("ReminderCount", count);
        refs.put("EscalationTopicArn", escalation);
        refs.put("ApprovalTimeoutMinutes", "10080");
        refs.put("AWS::NoValue", NO_VALUE);
        return new TemplateConditions(template.declared(), refs);
    }
}
