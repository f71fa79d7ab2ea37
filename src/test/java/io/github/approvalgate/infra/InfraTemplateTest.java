package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The template reader substitutes the pipeline's {@code !Ref} and nothing else, and refuses a rule without it. */
@Tag("harness")
class InfraTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static InfraTemplate withRules(String rules) throws Exception {
        return InfraTemplate.parse("""
                Resources:
                  ApprovalPipeline:
                    Type: AWS::CodePipeline::Pipeline
                  Topic:
                    Type: AWS::SNS::Topic
                """ + rules);
    }

    @Test
    void substitutesOnlyThePipelineReferenceInEveryRule() throws Exception {
        InfraTemplate template = withRules("""
                  ActionRule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern:
                        detail:
                          pipeline: [!Ref ApprovalPipeline]
                          state: [SUCCEEDED]
                  PipelineRule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern:
                        detail-type: [CodePipeline Pipeline Execution State Change]
                        detail:
                          pipeline:
                            - !Ref ApprovalPipeline
                """);

        assertEquals(List.of("ActionRule", "PipelineRule"), template.eventRules());
        assertEquals(JSON.readTree("{\"detail\":{\"pipeline\":[\"p\"],\"state\":[\"SUCCEEDED\"]}}"),
                JSON.readTree(template.eventPattern("ActionRule", "p")));
        assertEquals(JSON.readTree("{\"detail-type\":[\"CodePipeline Pipeline Execution State Change\"],"
                + "\"detail\":{\"pipeline\":[\"p\"]}}"), JSON.readTree(template.eventPattern("PipelineRule", "p")));
    }

    @Test
    void ruleWithoutAPipelineFilterIsRefused() throws Exception {
        InfraTemplate template = withRules("""
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern:
                        detail:
                          state: [SUCCEEDED]
                """);

        var error = assertThrows(IllegalArgumentException.class, () -> template.eventPattern("Rule", "p"));
        assertTrue(error.getMessage().contains("does not filter on detail.pipeline"), error.getMessage());
    }

    @Test
    void aLiteralPipelineNameIsKeptAndAnyOtherReferenceIsRefused() throws Exception {
        InfraTemplate template = withRules("""
                  Literal:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern:
                        detail:
                          pipeline: [some-other-pipeline]
                  OtherRef:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern:
                        detail:
                          pipeline: [!Ref Topic]
                """);

        assertEquals("[\"some-other-pipeline\"]",
                JSON.readTree(template.eventPattern("Literal", "p")).path("detail").path("pipeline").toString());
        var error = assertThrows(IllegalArgumentException.class, () -> template.eventPattern("OtherRef", "p"));
        assertTrue(error.getMessage().contains("no value for !Ref Topic"), error.getMessage());
    }

    @Test
    void keepsIntrinsicFunctionsInTheirLongForm() throws Exception {
        InfraTemplate template = InfraTemplate.parse("""
                Mappings:
                  T:
                    '5': {Minutes: 5}
                Resources:
                  R:
                    Type: AWS::X::Y
                    Properties:
                      A: !FindInMap [T, !Ref P, Minutes]
                      B: !GetAtt Queue.Arn
                """);

        assertEquals(JSON.readTree("{\"Fn::FindInMap\":[\"T\",{\"Ref\":\"P\"},\"Minutes\"]}"),
                template.declared("R").path("Properties").path("A"));
        assertEquals(JSON.readTree("{\"Fn::GetAtt\":[\"Queue\",\"Arn\"]}"),
                template.declared("R").path("Properties").path("B"));
        assertEquals(5, template.mapping("T").path("5").path("Minutes").asInt());
    }
}
