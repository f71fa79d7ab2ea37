package io.github.approvalgate.infra;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a CloudFormation YAML template keeping its short-form tags: {@code !Ref X} becomes {@code {"Ref": "X"}},
 * {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}} and any other {@code !Name v} becomes
 * {@code {"Fn::Name": v}}, the JSON form CloudFormation documents for each.
 */
final class CloudFormationYaml {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CloudFormationYaml() {
    }

    static JsonNode read(String yaml) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            parser.nextToken();
            return value(parser);
        }
    }

    /** Reads the value the parser stands on, leaving it on that value's last token. */
    private static JsonNode value(JsonParser parser) throws IOException {
        Object typeId = parser.getTypeId(); // read before moving into a mapping or sequence
        String tag = typeId == null ? null : typeId.toString();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(parser.getText());
        };
        return tag == null || tag.contains(":") ? value : intrinsic(tag, value);
    }

    private static JsonNode intrinsic(String tag, JsonNode argument) {
        if (tag.equals("Ref") || tag.equals("Condition")) {
            return NODES.objectNode().set(tag, argument);
        }
        if (tag.equals("GetAtt") && argument.isTextual()) {
            ArrayNode parts = NODES.arrayNode();
            String text = argument.asText();
            int dot = text.indexOf('.');
            parts.add(text.substring(0, dot)).add(text.substring(dot + 1));
            return NODES.objectNode().set("Fn::GetAtt", parts);
        }
        return NODES.objectNode().set("Fn::" + tag, argument);
    }
}
