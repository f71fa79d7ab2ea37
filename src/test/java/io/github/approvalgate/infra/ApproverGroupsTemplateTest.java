package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The template's approver groups: each group's managed policy lets it decide its own approval action only. */
class ApproverGroupsTemplateTest {

    private static final String GROUPS = "security,owner,release";
    private static final String PIPELINE_ARN = "arn:aws:codepipeline:us-east-1:123456789012:the-pipeline";

    private final InfraTemplate template = InfraTemplate.load();
    private final TemplateConditions values = new TemplateConditions(template.declared(), Map.of("ReviewMode", "Human",
            "ApproverGroups", GROUPS, "AWS::Partition", "aws", "AWS::Region", "us-east-1", "AWS::AccountId",
            "123456789012", "CodePipelineName", "the-pipeline"));

    @Test
    void eachGroupsGrantNamesExactlyItsOwnApprovalAction() {
        List<String> groups = List.of(GROUPS.split(","));
        for (int i = 0; i < groups.size(); i++) {
            String policy = "ApproverGroup" + (i + 1) + "Policy";
            List<String> decides = new ArrayList<>();
            for (JsonNode statement : statements(policy)) {
                if (IamPolicy.values(statement.path("Action")).contains("codepipeline:PutApprovalResult")) {
                    assertEquals("Allow", statement.path("Effect").asText());
                    decides.addAll(values.values(statement.path("Resource")));
                }
            }
            assertEquals(List.of(PIPELINE_ARN + "/Approval/" + groups.get(i)), decides, policy);
            assertTrue(values.isTrue(template.declared().path("Resources").path(policy).path("Condition").asText()),
                    policy + " exists with three groups");
        }
    }

    @Test
    void onlyTheGroupsThatAreNamedGetAPolicyAndATopic() {
        TemplateConditions oneGroup = template.conditions("Human", "Approval");
        TemplateConditions twoGroups = template.conditions("Human", "security,owner");

        assertFalse(oneGroup.isTrue("HasApproverGroup2"));
        assertTrue(twoGroups.isTrue("HasApproverGroup2AndHumanStage"));
        assertFalse(twoGroups.isTrue("HasApproverGroup3"));
        assertFalse(template.conditions("Ai", "security,owner").isTrue("HasApproverGroup2AndHumanStage"),
                "no human stage: no group policies");
        for (String resource : List.of("ApproverGroup2Topic", "ApproverGroup3Topic")) {
            assertEquals(resource.replace("Topic", "").replace("ApproverGroup", "HasApproverGroup"),
                    template.declared().path("Resources").path(resource).path("Condition").asText());
        }
    }

    private List<JsonNode> statements(String policy) {
        List<JsonNode> statements = new ArrayList<>();
        template.declared().path("Resources").path(policy).path("Properties").path("PolicyDocument").path("Statement")
                .forEach(statements::add);
        return statements;
    }
}
