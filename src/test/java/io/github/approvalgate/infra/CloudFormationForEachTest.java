package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The tests' {@code Fn::ForEach} expansion: what the AWS::LanguageExtensions transform would generate. */
@Tag("harness")
class CloudFormationForEachTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachValueGetsItsCopyWithTheIdentifierReplacedInKeysStringsAndRefs() throws Exception {
        InfraTemplate template = InfraTemplate.parse("""
                Resources:
                  Fn::ForEach::Pool:
                    - Slot
                    - [Pipeline, Pipeline2]
                    - Approval${Slot}:
                        Type: AWS::CodePipeline::Pipeline
                        Condition: !Sub 'Has${Slot}'
                        Properties:
                          Name: !FindInMap [Slots, !Ref Slot, Name]
                          Tags:
                            - Key: slot
                              Value: !Sub 'slot ${Slot} of ${AWS::StackName}'
                  Other:
                    Type: AWS::SNS::Topic
                """);

        JsonNode second = template.declared("ApprovalPipeline2");
        assertEquals("HasPipeline2", second.path("Condition").asText());
        assertEquals(JSON.readTree("[\"Slots\", \"Pipeline2\", \"Name\"]"),
                second.path("Properties").path("Name").path("Fn::FindInMap"));
        assertEquals("slot Pipeline2 of ${AWS::StackName}",
                second.path("Properties").path("Tags").get(0).path("Value").path("Fn::Sub").asText(),
                "a Sub that keeps another placeholder stays a Sub");
        assertEquals("HasPipeline", template.resource("ApprovalPipeline").path("Condition").asText(),
                "the plain view is expanded too");
        List<String> ids = new java.util.ArrayList<>();
        template.declared().path("Resources").fieldNames().forEachRemaining(ids::add);
        assertEquals(List.of("ApprovalPipeline", "ApprovalPipeline2", "Other"), ids);
    }

    @Test
    void aLoopThatGeneratesOneKeyTwiceIsRefused() {
        var error = assertThrows(IllegalArgumentException.class, () -> InfraTemplate.parse("""
                Resources:
                  Fn::ForEach::Twice:
                    - Slot
                    - [A, A]
                    - Topic${Slot}:
                        Type: AWS::SNS::Topic
                """));
        assertTrue(error.getMessage().contains("TopicA twice"), error.getMessage());
    }
}
