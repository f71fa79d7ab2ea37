package io.github.approvalgate.infra;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code infra/template.yaml} with its short-form intrinsics kept: {@code !Ref X} reads as {@code {"Ref": "X"}},
 * {@code !Equals [...]} as {@code {"Fn::Equals": [...]}}, as CloudFormation's JSON form writes them. Scalars read as
 * text. {@link InfraTemplate} reads tags as their plain argument, which is enough where only names matter; conditions
 * need to tell {@code !And} from {@code !Or}.
 */
public final class IntrinsicTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> NOT_FN = Map.of("!Ref", "Ref", "!Condition", "Condition");

    private IntrinsicTemplate() {
    }

    public static JsonNode load() {
        Path file = Path.of(System.getProperty("user.dir")).resolve(InfraTemplate.LOCATION);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode parse(String yaml) {
        return toJson(new Yaml(new LoaderOptions()).compose(new StringReader(yaml)));
    }

    private static JsonNode toJson(Node node) {
        JsonNode value = switch (node) {
            case ScalarNode scalar -> NODES.textNode(scalar.getValue());
            case SequenceNode sequence -> {
                ArrayNode array = NODES.arrayNode();
                sequence.getValue().forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                mapping.getValue().forEach(entry -> object.set(((ScalarNode) entry.getKeyNode()).getValue(),
                        toJson(entry.getValueNode())));
                yield object;
            }
            default -> throw new IllegalArgumentException("unexpected YAML node " + node);
        };
        String tag = node.getTag().getValue();
        if (!tag.startsWith("!")) {
            return value;
        }
        return NODES.objectNode().set(NOT_FN.getOrDefault(tag, "Fn::" + tag.substring(1)), value);
    }
}
