package io.github.approvalgate.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code infra/template.yaml} as tests read it: the deployed state machine definition and event pattern are taken from
 * here, never copied. CloudFormation tags ({@code !Ref X}) read as their plain argument.
 */
public final class InfraTemplate {

    public static final Path LOCATION = Path.of("infra", "template.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_:.]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode template;

    private InfraTemplate(JsonNode template) {
        this.template = template;
    }

    /** Reads the template from the project root (the working directory of Maven's test runs). */
    public static InfraTemplate load() {
        Path file = Path.of(System.getProperty("user.dir")).resolve(LOCATION);
        try {
            return new InfraTemplate(new YAMLMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException(LOCATION + " has no resource " + logicalId);
        }
        return resource;
    }

    public Map<String, String> environment(String functionLogicalId) {
        Map<String, String> env = new LinkedHashMap<>();
        resource(functionLogicalId).path("Properties").path("Environment").path("Variables").properties()
                .forEach(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        return env;
    }

    /** The keys the state machine's {@code DefinitionSubstitutions} fills in. */
    public Iterable<String> definitionSubstitutionKeys() {
        return () -> stateMachineProperties().path("DefinitionSubstitutions").fieldNames();
    }

    /**
     * The state machine definition with its placeholders filled in.
     *
     * @throws IllegalArgumentException when a placeholder has no value or a value names no placeholder
     */
    public String stateMachineDefinition(Map<String, String> substitutions) {
        for (String key : definitionSubstitutionKeys()) {
            if (!substitutions.containsKey(key)) {
                throw new IllegalArgumentException("no value for DefinitionSubstitutions key " + key);
            }
        }
        return substitute(stateMachineProperties().path("DefinitionString").asText(), substitutions);
    }


    /** Names of the pipeline-level variables the template's pipeline declares. */
    public List<String> pipelineVariables() {
        List<String> names = new java.util.ArrayList<>();
        resource("ApprovalPipeline").path("Properties").path("Variables")
                .forEach(variable -> names.add(variable.path("Name").asText()));
        return List.copyOf(names);
    }

    /**
     * The event pattern of one of the template's rules, with its {@code detail.pipeline: [!Ref ApprovalPipeline]} (and
     * only that) resolved to {@code pipelineName}; a pattern without that filter fails.
     */
    public String eventPattern(String ruleLogicalId, String pipelineName) {
        JsonNode pattern = resource(ruleLogicalId).path("Properties").path("EventPattern");
        if (!pattern.isObject()) {
            throw new IllegalArgumentException(ruleLogicalId + " has no EventPattern");
        }
        ObjectNode copy = pattern.deepCopy();
        JsonNode pipelines = copy.path("detail").path("pipeline");
        if (!pipelines.isArray() || pipelines.size() != 1 || !"ApprovalPipeline".equals(pipelines.get(0).asText())) {
            throw new IllegalStateException(ruleLogicalId + " does not filter on detail.pipeline = !Ref ApprovalPipeline: "
                    + pattern);
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) pipelines).set(0, pipelineName);
        return copy.toString();
    }

    /** The {@code StepFunctionsInputExample} output, substituted. */
    public JsonNode stepFunctionsInputExample(Map<String, String> substitutions) throws IOException {
        JsonNode sub = template.path("Outputs").path("StepFunctionsInputExample").path("Value");
        String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
        return JSON.readTree(substitute(text, substitutions));
    }

    private JsonNode stateMachineProperties() {
        return resource("ApprovalStateMachine").path("Properties");
    }

    private static String substitute(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }
}
