package io.github.approvalgate.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The template's IAM statements evaluated as IAM does for one action on one ARN: an explicit Deny beats any Allow, and
 * without an Allow nothing is granted. Either branch of an {@code !If} counts; conditions are not evaluated (a test
 * states the condition it relies on).
 */
final class IamPolicy {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_:.]+)}");

    private final List<JsonNode> statements;
    private final Map<String, String> values;

    private IamPolicy(List<JsonNode> statements, Map<String, String> values) {
        this.statements = statements;
        this.values = values;
    }

    /**
     * @param resource an {@code AWS::IAM::Role} (its inline {@code Policies}) or an {@code AWS::IAM::RolePolicy}
     * @param values what {@code ${Name}} placeholders in a resource stand for; any other stays literal
     */
    static IamPolicy of(JsonNode resource, Map<String, String> values) {
        List<JsonNode> documents = new ArrayList<>();
        JsonNode properties = resource.path("Properties");
        if (properties.has("PolicyDocument")) {
            documents.add(properties.path("PolicyDocument"));
        }
        properties.path("Policies").forEach(policy -> documents.add(policy.path("PolicyDocument")));
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode document : documents) {
            for (JsonNode statement : document.path("Statement")) {
                if (statement.isArray()) {
                    for (int branch = 1; branch < statement.size(); branch++) {
                        if (statement.get(branch).isObject()) {
                            statements.add(statement.get(branch));
                        }
                    }
                } else {
                    statements.add(statement);
                }
            }
        }
        return new IamPolicy(statements, values);
    }

    List<JsonNode> statements() {
        return statements;
    }

    /** Whether the action on the ARN is allowed and not explicitly denied, IAM wildcards applied. */
    boolean allows(String action, String arn) {
        return matching("Allow", action, arn) && !matching("Deny", action, arn);
    }

    /** Whether a Deny statement names the action on the ARN. */
    boolean denies(String action, String arn) {
        return matching("Deny", action, arn);
    }

    private boolean matching(String effect, String action, String arn) {
        for (JsonNode statement : statements) {
            if (!effect.equals(statement.path("Effect").asText())) {
                continue;
            }
            boolean actionMatches = values(statement.path("Action")).stream()
                    .anyMatch(granted -> wildcard(granted).matcher(action).matches());
            boolean resourceMatches = values(statement.path("Resource")).stream()
                    .anyMatch(granted -> wildcard(substitute(granted)).matcher(arn).matches());
            if (actionMatches && resourceMatches) {
                return true;
            }
        }
        return false;
    }

    /** A string, a list, or {@code !Sub [text, values]} read as its text. */
    static List<String> values(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> values = new ArrayList<>();
        if (node.isObject() && node.has("Fn::Sub")) {
            return values(node.get("Fn::Sub"));
        }
        if (node.isArray() && node.size() == 2 && node.get(1).isObject()) {
            values.add(node.get(0).asText());
        } else {
            node.forEach(value -> values.addAll(values(value)));
        }
        return values;
    }

    private String substitute(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** IAM's {@code *} and {@code ?}; everything else literal (a placeholder left in stays literal). */
    private static Pattern wildcard(String granted) {
        StringBuilder regex = new StringBuilder();
        for (char c : granted.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
