package io.github.approvalgate.infra;

import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates the template's {@code Conditions} for given parameter and pseudo-parameter values, as CloudFormation
 * does: {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not}, {@code Fn::Equals}, {@code Condition}; and the values they
 * compare, as {@link #text} resolves them.
 */
public final class TemplateConditions {

    private final JsonNode conditions;
    private final JsonNode mappings;
    private final JsonNode parameters;
    private final Map<String, String> refs;

    /**
     * @param refs values of {@code Ref}: parameters and pseudo parameters such as {@code AWS::Region}; a parameter not
     *        given has its default
     */
    public TemplateConditions(JsonNode template, Map<String, String> refs) {
        this.conditions = template.path("Conditions");
        this.mappings = template.path("Mappings");
        this.parameters = template.path("Parameters");
        this.refs = refs;
    }

    /**
     * A string value as CloudFormation resolves it: a literal, {@code Ref} (of the given values), {@code Fn::Select}
     * of {@code Fn::Split}, {@code Fn::Join}, {@code Fn::Sub} (with or without its variable map), {@code Fn::FindInMap}
     * and {@code Fn::If}.
     */
    public String text(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        var entry = node.properties().iterator().next();
        JsonNode argument = entry.getValue();
        return switch (entry.getKey()) {
            case "Ref" -> value(node);
            case "Fn::Select" -> list(argument.get(1)).get(argument.get(0).asInt());
            case "Fn::Join" -> String.join(argument.get(0).asText(), list(argument.get(1)));
            case "Fn::FindInMap" -> mappings.path(text(argument.get(0))).path(text(argument.get(1)))
                    .path(text(argument.get(2))).asText();
            case "Fn::If" -> text(isTrue(argument.get(0).asText()) ? argument.get(1) : argument.get(2));
            case "Fn::Sub" -> substitute(argument);
            default -> throw new IllegalArgumentException("not a string function: " + node);
        };
    }

    /**
     * A list value as CloudFormation resolves it: {@code Fn::Split} of a {@link #text}, or a literal list whose
     * {@code AWS::NoValue} entries (also those an {@code Fn::If} chooses) are left out.
     */
    public java.util.List<String> values(JsonNode node) {
        return list(node);
    }

    private java.util.List<String> list(JsonNode node) {
        JsonNode split = node.path("Fn::Split");
        if (!split.isMissingNode()) {
            return java.util.List.of(text(split.get(1)).split(java.util.regex.Pattern.quote(split.get(0).asText()), -1));
        }
        return stream(node).map(this::chosen).filter(item -> !"AWS::NoValue".equals(item.path("Ref").asText()))
                .map(this::text).toList();
    }

    /** The entry, or the branch its {@code Fn::If} chooses. */
    private JsonNode chosen(JsonNode item) {
        JsonNode branch = item.path("Fn::If");
        return branch.isMissingNode() ? item : chosen(isTrue(branch.get(0).asText()) ? branch.get(1) : branch.get(2));
    }

    private String substitute(JsonNode argument) {
        String pattern = argument.isArray() ? argument.get(0).asText() : argument.asText();
        JsonNode variables = argument.isArray() ? argument.get(1) : null;
        return java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9_:]+)}").matcher(pattern).replaceAll(match -> {
            String name = match.group(1);
            String resolved = variables != null && variables.has(name) ? text(variables.get(name))
                    : value(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("Ref", name));
            return java.util.regex.Matcher.quoteReplacement(resolved);
        });
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
            case "Fn::Equals" -> text(argument.get(0)).equals(text(argument.get(1)));
            case "Condition" -> isTrue(argument.asText());
            default -> throw new IllegalArgumentException("not a condition function: " + node);
        };
    }

    private String value(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        String name = node.path("Ref").asText(null);
        if (name != null && !refs.containsKey(name) && parameters.path(name).has("Default")) {
            return parameters.path(name).path("Default").asText();
        }
        if (name == null || !refs.containsKey(name)) {
            throw new IllegalArgumentException("no value for " + node);
        }
        return refs.get(name);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
