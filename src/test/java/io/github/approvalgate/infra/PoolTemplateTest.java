package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The pipeline pool ({@code PipelineCount}) as CloudFormation creates it, read through the test-side
 * {@code Fn::ForEach} expansion: exactly that many pipelines, and everything that names a pipeline (IAM, rules, the
 * functions' environment, alarms, the dashboard) names exactly the pool, no pipeline more, none less. With an AI stage
 * and three approver groups, so every conditional grant exists.
 */
class PoolTemplateTest {

    private static final String NAME = "gate";
    private static final String GROUPS = "security,owner,release";
    private static final String ACCOUNT_ARN = "arn:aws:codepipeline:eu-west-1:123456789012:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InfraTemplate template = InfraTemplate.load();

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void thePoolHasExactlyPipelineCountIdenticalPipelines(int size) {
        TemplateConditions stack = stack(size);
        List<String> pipelines = created(stack, "AWS::CodePipeline::Pipeline");

        assertEquals(size, pipelines.size(), pipelines::toString);
        assertEquals("ApprovalPipeline", pipelines.getFirst(), "slot 1 keeps its logical id: an update keeps it");
        assertEquals(pool(size), pipelines.stream()
                .map(id -> stack.text(template.declared(id).path("Properties").path("Name"))).toList());
        JsonNode first = withoutName(template.declared("ApprovalPipeline"));
        for (String pipeline : pipelines) {
            assertEquals(first, withoutName(template.declared(pipeline)), pipeline + " differs from ApprovalPipeline");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void everyIamStatementNamingAPipelineCoversExactlyThePool(int size) {
        TemplateConditions stack = stack(size);
        int checked = 0;
        for (String id : template.resourcesCreated(stack)) {
            JsonNode resource = template.declared(id);
            if (!resource.path("Type").asText().startsWith("AWS::IAM::")) {
                continue;
            }
            for (JsonNode statement : IamPolicy.of(resource, Map.of()).statements()) {
                if (!statement.path("Resource").toString().contains(":codepipeline:")) {
                    continue;
                }
                // Pipeline name -> the rest of each ARN (empty for the pipeline, /Stage/Action for an action).
                Map<String, Set<String>> pipelinesPerTarget = new TreeMap<>();
                for (String arn : resources(stack, statement.path("Resource"))) {
                    assertTrue(arn.startsWith(ACCOUNT_ARN), id + ": " + arn);
                    String rest = arn.substring(ACCOUNT_ARN.length());
                    int slash = rest.indexOf('/');
                    String pipeline = slash < 0 ? rest : rest.substring(0, slash);
                    pipelinesPerTarget.computeIfAbsent(slash < 0 ? "" : rest.substring(slash), key -> new LinkedHashSet<>())
                            .add(pipeline);
                }
                pipelinesPerTarget.forEach((target, pipelines) -> assertEquals(new LinkedHashSet<>(pool(size)), pipelines,
                        id + " " + statement.path("Sid").asText() + " on pipeline" + target));
                checked++;
            }
        }
        assertEquals(13, checked, "statements naming a pipeline: start, result (2), sweep (2), ai-review (2), "
                + "and per approver group (3 groups) its action and the console's reads");
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void eachApproverGroupMayDecideItsOwnActionInEveryPoolPipelineAndNoOther(int size) {
        TemplateConditions stack = stack(size);
        List<String> groups = List.of(GROUPS.split(","));
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            List<String> decides = new ArrayList<>();
            for (JsonNode statement : IamPolicy.of(template.declared("ApproverGroup" + (i + 1) + "Policy"), Map.of())
                    .statements()) {
                if (IamPolicy.values(statement.path("Action")).contains("codepipeline:PutApprovalResult")) {
                    decides.addAll(resources(stack, statement.path("Resource")));
                }
            }
            assertEquals(pool(size).stream().map(pipeline -> ACCOUNT_ARN + pipeline + "/Approval/" + group).toList(),
                    decides, group);
        }
    }

    /**
     * IAM allows 6,144 characters (without whitespace) per managed policy. The largest approver-group policy: 20
     * pipelines with the default name, three 40-character group names, the longest partition's ARNs.
     */
    @org.junit.jupiter.api.Test
    void theLargestApproverGroupPolicyFitsIamsManagedPolicyLimit() throws Exception {
        String group = "g".repeat(40);
        TemplateConditions stack = new TemplateConditions(template.declared(), Map.of("AWS::Partition", "aws-us-gov",
                "AWS::Region", "us-gov-west-1", "AWS::AccountId", "123456789012", "PipelineCount", "20",
                "ApproverGroups", String.join(",", group, group.replace('g', 'h'), group.replace('g', 'i'))));
        for (int i = 1; i <= 3; i++) {
            com.fasterxml.jackson.databind.node.ArrayNode statements = JSON.createArrayNode();
            for (JsonNode statement : IamPolicy.of(template.declared("ApproverGroup" + i + "Policy"), Map.of())
                    .statements()) {
                com.fasterxml.jackson.databind.node.ObjectNode resolved = statement.deepCopy();
                com.fasterxml.jackson.databind.node.ArrayNode arns = resolved.putArray("Resource");
                resources(stack, statement.path("Resource")).forEach(arns::add);
                statements.add(resolved);
            }
            String document = JSON.writeValueAsString(JSON.createObjectNode().put("Version", "2012-10-17")
                    .set("Statement", statements));
            assertTrue(document.length() <= 6144, "ApproverGroup" + i + "Policy: " + document.length() + " characters");
            assertTrue(document.length() > 4000, "the pool is in it: " + document.length());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void everyRuleForwardsTheEventsOfExactlyThePool(int size) throws Exception {
        for (String rule : template.eventRules()) {
            if (template.declaredEventPattern(rule).isMissingNode()) {
                continue; // the sweep's schedule
            }
            JsonNode pipelines = JSON.readTree(template.eventPattern(rule, NAME, size)).path("detail").path("pipeline");
            List<String> named = new ArrayList<>();
            pipelines.forEach(pipeline -> named.add(pipeline.asText()));
            assertEquals(pool(size), named, rule);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void everyFunctionGetsThePoolInOrder(int size) {
        TemplateConditions stack = stack(size);
        List<String> functions = created(stack, "AWS::Lambda::Function");
        assertEquals(4, functions.size(), functions::toString);
        for (String function : functions) {
            assertEquals(String.join(",", pool(size)), template.pipelineNames(function, NAME, size), function);
        }
        assertEquals(String.join(",", pool(size)), stack.text(template.declared().path("Outputs")
                .path("PipelineNames").path("Value")));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void eachPoolPipelineHasItsSweepAlarmAndTheDashboardShowsThePool(int size) {
        TemplateConditions stack = stack(size);
        List<String> alarmed = created(stack, "AWS::CloudWatch::Alarm").stream()
                .map(template::declared)
                .filter(alarm -> "SweepDeliveries".equals(alarm.path("Properties").path("MetricName").asText()))
                .map(alarm -> stack.text(alarm.path("Properties").path("Dimensions").get(0).path("Value")))
                .toList();
        assertEquals(pool(size), alarmed);

        JsonNode search = template.declared("OperationsDashboard").path("Properties").path("DashboardBody")
                .path("Fn::Sub").get(1).path("Pool");
        assertEquals("(" + String.join(" OR ", pool(size).stream().map(p -> "Pipeline=\\\"" + p + "\\\"").toList())
                + ")", stack.text(search));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 3, 20 })
    void aPoolOfOneChangesNoFunctionVersion(int size) {
        TemplateConditions stack = stack(size);
        for (String version : created(stack, "AWS::Lambda::Version")) {
            JsonNode pool = template.declared(version).path("Properties").path("Description").path("Fn::Sub").get(1)
                    .path("Pool");
            assertEquals(size == 1 ? "" : " pool=" + size, stack.text(pool), version);
        }
        assertFalse(template.parameter("PipelineCount").path("AllowedValues").toString().contains("\"21\""));
    }

    private TemplateConditions stack(int size) {
        return template.pool(NAME, size, Map.of("ReviewMode", "AiThenHuman", "ApproverGroups", GROUPS));
    }

    private static List<String> pool(int size) {
        return IntStream.rangeClosed(1, size).mapToObj(k -> k == 1 ? NAME : NAME + "-" + k).toList();
    }

    private List<String> created(TemplateConditions stack, String type) {
        return template.resourcesCreated(stack).stream()
                .filter(id -> type.equals(template.declared(id).path("Type").asText())).toList();
    }

    /** A statement's Resource as IAM gets it: one ARN, or a list with each {@code !If} resolved. */
    private static List<String> resources(TemplateConditions stack, JsonNode resource) {
        return resource.isArray() ? stack.values(resource) : List.of(stack.text(resource));
    }

    private static JsonNode withoutName(JsonNode pipeline) {
        JsonNode copy = pipeline.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("Properties")).remove("Name");
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("Condition");
        return copy;
    }
}
