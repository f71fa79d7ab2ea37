package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The template deploys unchanged to every partition (aws, aws-cn, aws-us-gov): ARNs take the partition from
 * {@code AWS::Partition} (in the state machine definition through {@code DefinitionSubstitutions}) and service
 * domains from {@code AWS::URLSuffix}. Only service principals (in trust policies and {@code iam:PassedToService}) keep
 * their fixed {@code amazonaws.com} names.
 */
class PartitionAgnosticTemplateTest {

    private final JsonNode template = InfraTemplate.load().declared();

    @Test
    void noStringHardCodesTheAwsPartition() {
        assertEquals(List.of(), texts((path, text) -> text.contains("arn:aws:")));
    }

    @Test
    void amazonawsComAppearsOnlyAsAServicePrincipal() {
        assertEquals(List.of(), texts((path, text) -> text.contains("amazonaws.com")
                && !path.matches(".*/Principal/Service(/\\d+)?|/Resources/[^/]+/Properties/Principal"
                        + "|.*/Condition/StringEquals/iam:PassedToService")));
    }

    @Test
    void theStateMachineTakesThePartitionFromTheStack() {
        JsonNode properties = template.path("Resources").path("ApprovalStateMachine").path("Properties");

        assertTrue(properties.path("DefinitionString").asText().contains("\"arn:${Partition}:states:::lambda:"));
        assertEquals("AWS::Partition", properties.path("DefinitionSubstitutions").path("Partition").path("Ref").asText());
    }

    @Test
    void kmsViaServiceUsesTheUrlSuffix() {
        List<String> values = texts((path, text) -> path.contains("/kms:ViaService"));

        // The pipeline role, ai-review and (for reminders) approval-sweep: key policy and role policy each.
        assertEquals(6, values.size(), values::toString);
        values.forEach(value -> assertTrue(value.endsWith(" = sns.${AWS::Region}.${AWS::URLSuffix}"), value));
    }

    /** {@code "path = text"} of every text value that matches. */
    private List<String> texts(BiPredicate<String, String> matches) {
        List<String> found = new ArrayList<>();
        walk(template, "", (path, text) -> {
            if (matches.test(path, text)) {
                found.add(path + " = " + text);
            }
        });
        return found;
    }

    /** Every text value with its path; array indexes and intrinsic names ({@code Fn::Sub}) are path segments. */
    private static void walk(JsonNode node, String path, BiConsumer<String, String> visit) {
        if (node.isTextual()) {
            visit.accept(path, node.asText());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visit);
            }
        } else {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                walk(field.getValue(), path + "/" + field.getKey(), visit);
            }
        }
    }
}
