package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.pipeline.event.ActionType;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;
import io.github.approvalgate.review.AiReviewConfig;
import io.github.approvalgate.review.AiReviewHandler;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The template's ai-review resources against the code, and the AI role's reach. */
class AiReviewTemplateTest {

    private static final String PIPELINE = "the-pipeline";
    private static final Map<String, String> PSEUDO = Map.of("AWS::Partition", "aws", "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012", "CodePipelineName", PIPELINE);

    private final InfraTemplate template = InfraTemplate.load();

    @Test
    void theAiRoleCanDecideTheAiActionAndNeverTheHumanOne() {
        JsonNode role = template.resource("AiReviewRole");
        AiReviewConfig config = configFromEnvironment();

        assertTrue(allows(role, "codepipeline:PutApprovalResult", approvalArn(config.stageName(), config.actionName())));
        assertFalse(allows(role, "codepipeline:PutApprovalResult", approvalArn("Approval", "Approval")),
                "the human action is out of the AI role's reach");
        assertFalse(allows(role, "codepipeline:PutApprovalResult", approvalArn("AiReview", "Approval")));
        assertFalse(allows(role, "codepipeline:PutApprovalResult",
                "arn:aws:codepipeline:us-east-1:123456789012:other-pipeline/AiReview/AiReview"));
    }

    @Test
    void theAiRoleNamesEveryActionAndResource() {
        for (JsonNode statement : IamPolicy.of(template.resource("AiReviewRole"), PSEUDO).statements()) {
            for (String action : IamPolicy.values(statement.path("Action"))) {
                assertFalse(action.contains("*"), "no wildcard action: " + statement);
            }
            for (String resource : IamPolicy.values(statement.path("Resource"))) {
                assertFalse(resource.equals("*"), "no wildcard resource: " + statement);
            }
        }
        JsonNode role = template.resource("AiReviewRole");
        assertTrue(allows(role, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/${BedrockModelId}"));
        assertFalse(allows(role, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/some.other-model-v1:0"));
        assertFalse(allows(role, "s3:PutObject", "arn:aws:s3:::bucket/${CodePipelineS3bucketKeyInput}"));
    }

    @Test
    void theAiRoleKeepsItsRecordOnlyInTheTagsOfTheSourceKeysVersions() {
        JsonNode role = template.resource("AiReviewRole");
        String source = "arn:aws:s3:::${BucketName}/${CodePipelineS3bucketKeyInput}";

        assertTrue(allows(role, "s3:GetObjectVersionTagging", source));
        assertTrue(allows(role, "s3:PutObjectVersionTagging", source));
        assertFalse(allows(role, "s3:PutObjectVersionTagging", "arn:aws:s3:::${BucketName}/other-key"));
        assertFalse(allows(role, "s3:PutObjectTagging", source), "only versions: the record is per request");
    }

    @Test
    void theAiRoleMayPublishOnlyOnTheApprovalTopicAndTheTopicLetsOnlyItAndThePipelinePublish() {
        JsonNode policy = template.resource("AiReviewNotificationPolicy").path("Properties");
        assertEquals("AiReviewRole", policy.path("RoleName").asText());
        assertEquals("HasAiStage", template.resource("AiReviewNotificationPolicy").path("Condition").asText());
        List<String> published = new ArrayList<>();
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
            if (IamPolicy.values(statement.path("Action")).contains("sns:Publish")) {
                published.addAll(IamPolicy.values(statement.path("Resource")));
            }
        }
        assertEquals(List.of("ApprovalNotificationTopic"), published);
        assertEquals("ApprovalNotificationTopic", template.environment("AiReviewFunction")
                .get("APPROVAL_GATE_AI_NOTIFICATION_TOPIC_ARN"));

        JsonNode deny = null;
        for (JsonNode statement : template.resource("ApprovalNotificationTopicPolicy").path("Properties")
                .path("PolicyDocument").path("Statement")) {
            if ("DenyPublishByOthers".equals(statement.path("Sid").asText())) {
                deny = statement;
            }
        }
        JsonNode exempt = deny.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn");
        assertEquals("PipelineRole.Arn", exempt.get(0).asText(), exempt::toString);
        assertEquals("[\"HasAiStage\",\"AiReviewRole.Arn\",\"AWS::NoValue\"]", exempt.get(1).toString(),
                "ai-review only with an AI stage");
        assertEquals("[\"HasReminders\",\"ApprovalSweepRole.Arn\",\"AWS::NoValue\"]", exempt.get(2).toString(),
                "approval-sweep only with reminders");
        assertEquals(3, exempt.size(), exempt::toString);
    }

    @Test
    void aGuardrailMayBeAppliedOnlyWhenSetAndOnlyThatGuardrail() {
        JsonNode role = template.resource("AiReviewRole");
        String guardrail = "arn:aws:bedrock:us-east-1:123456789012:guardrail/${BedrockGuardrailId}";

        assertTrue(allows(role, "bedrock:ApplyGuardrail", guardrail));
        assertFalse(allows(role, "bedrock:ApplyGuardrail", "arn:aws:bedrock:us-east-1:123456789012:guardrail/other1"));
        assertFalse(allows(role, "bedrock:ApplyGuardrail",
                "arn:aws:bedrock:us-west-2:123456789012:guardrail/${BedrockGuardrailId}"));
        JsonNode withGuardrail = resolveGuardrail(template.declared("AiReviewRole"), true);
        JsonNode without = resolveGuardrail(template.declared("AiReviewRole"), false);
        assertTrue(withGuardrail.toString().contains("bedrock:ApplyGuardrail"));
        assertFalse(without.toString().contains("ApplyGuardrail"), without::toString);
        for (String mode : List.of("Human", "AiThenHuman", "Ai")) {
            String intervention = template.mapping("ReviewModes").path(mode).path("GuardrailIntervention").asText();
            AiReviewConfig.GuardrailIntervention.valueOf(intervention.toUpperCase(java.util.Locale.ROOT));
            assertTrue(!mode.equals("AiThenHuman") || intervention.equals("escalate"), mode + ": " + intervention);
            assertTrue(!mode.equals("Ai") || intervention.equals("reject"), mode + ": " + intervention);
        }
    }

    @Test
    void approvalResultReadsTheAiRecordOnlyWithAnAiStage() {
        JsonNode grant = null;
        for (JsonNode statement : template.declared("ApprovalResultRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement")) {
            if (statement.has("Fn::If") && statement.toString().contains("ReadAiReviewRecord")) {
                grant = statement.get("Fn::If");
            }
        }
        assertEquals("HasAiStage", grant.get(0).asText(), String.valueOf(grant));
        assertEquals("s3:GetObjectVersionTagging", grant.get(1).path("Action").asText());
        assertEquals("AWS::NoValue", grant.get(2).path("Ref").asText());
    }

    /** With both guardrail parameters empty, every resource reads as it did before guardrails existed. */
    @Test
    void withoutAGuardrailNoResourceMentionsOne() {
        Map<String, String> refs = new HashMap<>(PSEUDO);
        refs.put("BedrockGuardrailId", "");
        assertFalse(new TemplateConditions(template.declared(), refs).isTrue("HasGuardrail"));

        JsonNode resources = resolveGuardrail(template.declared().path("Resources"), false);
        String text = resources.toString();
        for (String mention : List.of("Guardrail", "GUARDRAIL", "guardrail")) {
            assertFalse(text.contains(mention), () -> mention + " in the resources without a guardrail");
        }
        JsonNode description = resources.path("AiReviewVersion").path("Properties").path("Description").path("Fn::Sub");
        assertTrue(description.get(0).asText().endsWith("tokens=${AiReviewMaxTokens}${Pool}${Extra}"));
        assertEquals("", description.get(1).path("Extra").asText("missing"), "the description as before");

        String with = resolveGuardrail(template.declared().path("Resources"), true).toString();
        for (String expected : List.of("APPROVAL_GATE_AI_GUARDRAIL_ID", "APPROVAL_GATE_AI_GUARDRAIL_VERSION",
                "APPROVAL_GATE_AI_GUARDRAIL_INTERVENTION", "bedrock:ApplyGuardrail")) {
            assertTrue(with.contains(expected), expected);
        }
    }

    /** {@code AWS::NoValue}: CloudFormation drops the property or list element. */
    private static boolean isNoValue(JsonNode node) {
        return "AWS::NoValue".equals(node.path("Ref").asText(null));
    }

    /**
     * The template (long form) with every {@code Fn::If} on HasGuardrail replaced by the branch it takes, and what
     * resolves to {@code AWS::NoValue} left out.
     */
    private static JsonNode resolveGuardrail(JsonNode node, boolean hasGuardrail) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::If")
                && "HasGuardrail".equals(node.get("Fn::If").get(0).asText())) {
            return resolveGuardrail(node.get("Fn::If").get(hasGuardrail ? 1 : 2), hasGuardrail);
        }
        if (node.isObject()) {
            var copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.properties().forEach(entry -> {
                JsonNode value = resolveGuardrail(entry.getValue(), hasGuardrail);
                if (!isNoValue(value)) {
                    copy.set(entry.getKey(), value);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> {
                JsonNode value = resolveGuardrail(element, hasGuardrail);
                if (!isNoValue(value)) {
                    copy.add(value);
                }
            });
            return copy;
        }
        return node;
    }

    @Test
    void theRuleStartsTheAiReviewerForTheAiActionsStartOnly() throws Exception {
        JsonNode pattern = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(template.eventPattern("AiReviewRule", PIPELINE));
        AiReviewConfig config = configFromEnvironment();

        assertEquals(CodePipelineStateChange.SOURCE, pattern.path("source").get(0).asText());
        assertEquals(CodePipelineStateChange.ACTION_DETAIL_TYPE, pattern.path("detail-type").get(0).asText());
        assertEquals(List.of(config.stageName()), IamPolicy.values(pattern.path("detail").path("stage")));
        assertEquals(List.of(config.actionName()), IamPolicy.values(pattern.path("detail").path("action")));
        assertEquals(List.of("STARTED"), IamPolicy.values(pattern.path("detail").path("state")));
        assertEquals(List.of(ActionType.APPROVAL_CATEGORY),
                IamPolicy.values(pattern.path("detail").path("type").path("category")));
        assertEquals("AiReviewAlias", template.resource("AiReviewRule").path("Properties").path("Targets").get(0)
                .path("Arn").asText());
    }

    @Test
    void theFunctionRunsTheAiReviewHandlerOnTheTemplatesAiStage() {
        assertEquals(AiReviewHandler.NAME, template.environment("AiReviewFunction").get("QUARKUS_LAMBDA_HANDLER"));
        AiReviewConfig config = configFromEnvironment();
        boolean stageDeclared = false;
        for (JsonNode stage : template.resource("ApprovalPipeline").path("Properties").path("Stages")) {
            // A conditional stage reads as [condition, stage, AWS::NoValue].
            JsonNode declared = stage.isArray() ? stage.get(1) : stage;
            if (config.stageName().equals(declared.path("Name").asText())) {
                stageDeclared = config.actionName().equals(declared.path("Actions").get(0).path("Name").asText());
            }
        }
        assertTrue(stageDeclared, "the pipeline has the stage and action the AI decides");
    }

    @Test
    void snapStartAndVersionsFollowTheOtherFunctions() {
        JsonNode snapStart = template.resource("AiReviewFunction").path("Properties").path("SnapStart");
        assertEquals("UseSnapStart", snapStart.path(0).asText());
        assertEquals("PublishedVersions", snapStart.path(1).path("ApplyOn").asText());
        String description = IamPolicy.values(template.resource("AiReviewVersion").path("Properties").path("Description"))
                .getFirst();
        for (String parameter : List.of("FunctionCodeSha256", "FunctionSnapStart", "BedrockModelId",
                "BedrockInferenceProfileId", "AiReviewMaxTokens")) {
            assertTrue(description.contains("${" + parameter + "}"), description);
        }
        assertEquals("AiReviewAlias", template.resource("AiReviewInvokePermission").path("Properties")
                .path("FunctionName").asText());
    }

    @Test
    void everyAiResourceExistsOnlyWithAnAiStage() {
        for (String id : List.of("AiReviewLogGroup", "AiReviewRole", "AiReviewFunction", "AiReviewVersion", "AiReviewAlias",
                "AiReviewEventInvokeConfig", "AiReviewRule", "AiReviewInvokePermission",
                "AiReviewNotificationPolicy")) {
            assertEquals("HasAiStage", template.resource(id).path("Condition").asText(), id);
        }
    }

    private AiReviewConfig configFromEnvironment() {
        Map<String, String> env = new HashMap<>(template.environment("AiReviewFunction"));
        env.put("APPROVAL_GATE_AI_MODEL_ID", "amazon.nova-lite-v1:0"); // an !If in the template
        env.put("APPROVAL_GATE_AI_MAX_TOKENS", "512"); // a !Ref
        env.remove("APPROVAL_GATE_AI_INSTRUCTIONS");
        env.keySet().removeIf(name -> name.startsWith("APPROVAL_GATE_AI_GUARDRAIL_")); // !If HasGuardrail
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(AiReviewConfig.class)
                .build();
        return config.getConfigMapping(AiReviewConfig.class);
    }

    private static String approvalArn(String stage, String action) {
        return "arn:aws:codepipeline:us-east-1:123456789012:" + PIPELINE + "/" + stage + "/" + action;
    }

    private static boolean allows(JsonNode role, String action, String arn) {
        return IamPolicy.of(role, PSEUDO).allows(action, arn);
    }
}
