package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        String description = template.resource("AiReviewVersion").path("Properties").path("Description").asText();
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
                "AiReviewEventInvokeConfig", "AiReviewRule", "AiReviewInvokePermission")) {
            assertEquals("HasAiStage", template.resource(id).path("Condition").asText(), id);
        }
    }

    private AiReviewConfig configFromEnvironment() {
        Map<String, String> env = new HashMap<>(template.environment("AiReviewFunction"));
        env.put("APPROVAL_GATE_AI_MODEL_ID", "amazon.nova-lite-v1:0"); // an !If in the template
        env.put("APPROVAL_GATE_AI_MAX_TOKENS", "512"); // a !Ref
        env.remove("APPROVAL_GATE_AI_INSTRUCTIONS");
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
