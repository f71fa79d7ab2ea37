package io.github.approvalgate.infra;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Expands {@code Fn::ForEach::Name: [Identifier, [values...], {fragment}]} as the {@code AWS::LanguageExtensions}
 * transform does, so tests read the template CloudFormation deploys: for each value, the fragment's keys and strings
 * with {@code ${Identifier}} and {@code &{Identifier}} replaced and {@code Ref Identifier} turned into the value. A
 * {@code Fn::Sub} left with no placeholder becomes its plain string (as in {@code Condition: !Sub 'Has${Slot}'}).
 * Only a literal collection is supported: the template's loops list their slots.
 */
final class CloudFormationForEach {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREFIX = "Fn::ForEach::";

    private CloudFormationForEach() {
    }

    static JsonNode expand(JsonNode node) {
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(expand(item)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = NODES.objectNode();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getKey().startsWith(PREFIX)) {
                copy.set(entry.getKey(), expand(entry.getValue()));
                continue;
            }
            JsonNode loop = entry.getValue();
            if (!loop.isArray() || loop.size() != 3 || !loop.get(1).isArray()) {
                throw new IllegalArgumentException(entry.getKey() + ": expected [identifier, [values], fragment]");
            }
            String identifier = loop.get(0).asText();
            for (JsonNode value : loop.get(1)) {
                JsonNode fragment = expand(replace(loop.get(2), identifier, value.asText()));
                fragment.properties().forEach(generated -> {
                    if (copy.has(generated.getKey())) {
                        throw new IllegalArgumentException(entry.getKey() + " generates " + generated.getKey()
                                + " twice");
                    }
                    copy.set(generated.getKey(), generated.getValue());
                });
            }
        }
        return copy;
    }

    private static JsonNode replace(JsonNode node, String identifier, String value) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), identifier, value));
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(replace(item, identifier, value)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        if (node.size() == 1 && identifier.equals(node.path("Ref").asText(null))) {
            return TextNode.valueOf(value);
        }
        ObjectNode copy = NODES.objectNode();
        node.properties().forEach(entry -> copy.set(substitute(entry.getKey(), identifier, value),
                replace(entry.getValue(), identifier, value)));
        JsonNode sub = copy.path("Fn::Sub");
        if (copy.size() == 1 && sub.isTextual() && !sub.asText().contains("${")) {
            return sub;
        }
        return copy;
    }

    private static String substitute(String text, String identifier, String value) {
        return text.replace("${" + identifier + "}", value).replace("&{" + identifier + "}", value);
    }
}
