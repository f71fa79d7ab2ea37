package io.github.approvalgate.infra;

import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates the template's {@code Conditions} for given parameter and pseudo-parameter values, as CloudFormation
 * does: {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not}, {@code Fn::Equals}, {@code Condition} and {@code Ref}.
 */
public final class TemplateConditions {

    private final JsonNode conditions;
    private final Map<String, String> refs;

    /** @param refs values of {@code Ref}: parameters and pseudo parameters such as {@code AWS::Region} */
    public TemplateConditions(JsonNode template, Map<String, String> refs) {
        this.conditions = template.path("Conditions");
        this.refs = refs;
    }

    public boolean isTrue(String name) {
        JsonNode condition = conditions.path(name);
        if (condition.isMissingNode()) {
            throw new IllegalArgumentException("no condition " + name);
        }
        return evaluate(condition);
    }

    private boolean evaluate(JsonNode node) {
        var entry = node.properties().iterator().next();
        JsonNode argument = entry.getValue();
        return switch (entry.getKey()) {
            case "Fn::And" -> stream(argument).allMatch(this::evaluate);
            case "Fn::Or" -> stream(argument).anyMatch(this::evaluate);
            case "Fn::Not" -> !evaluate(argument.get(0));
            case "Fn::Equals" -> value(argument.get(0)).equals(value(argument.get(1)));
            case "Condition" -> isTrue(argument.asText());
            default -> throw new IllegalArgumentException("not a condition function: " + node);
        };
    }

    private String value(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        String name = node.path("Ref").asText(null);
        if (name == null || !refs.containsKey(name)) {
            throw new IllegalArgumentException("no value for " + node);
        }
        return refs.get(name);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
