package io.github.approvalgate.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code infra/template.yaml} as tests read it: the deployed state machine definition and event pattern are taken from
 * here, never copied. In {@link #resource} and {@link #environment}, CloudFormation tags ({@code !Ref X}) read as their
 * plain argument; {@link #eventPattern} and {@link #mapping} keep them, in CloudFormation's long form
 * ({@code {"Ref": "X"}}), so that a test substitutes a reference and nothing else.
 */
public final class InfraTemplate {

    public static final Path LOCATION = Path.of("infra", "template.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_:.]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPROVAL_RULE = "ApprovalResultRule";
    static final String PIPELINE_RESOURCE = "ApprovalPipeline";
    private static final String STATE_MACHINE = "ApprovalStateMachine";

    private final JsonNode template;
    private final JsonNode tagged;

    private InfraTemplate(JsonNode template, JsonNode tagged) {
        this.template = template;
        this.tagged = tagged;
    }

    /** Reads the template from the project root (the working directory of Maven's test runs). */
    public static InfraTemplate load() {
        Path file = Path.of(System.getProperty("user.dir")).resolve(LOCATION);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A template given as YAML text (tests of this reader use small ones). */
    static InfraTemplate parse(String yaml) throws IOException {
        return new InfraTemplate(CloudFormationForEach.expand(new YAMLMapper().readTree(yaml)),
                CloudFormationForEach.expand(CloudFormationYaml.read(yaml)));
    }

    /** The whole template as declared, intrinsic functions in long form (e.g. {@code {"Fn::If": [...]}}). */
    public JsonNode declared() {
        return tagged;
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

    /**
     * The pipeline's stages as CloudFormation creates them for a {@code ReviewMode}: each {@code !If} resolved by the
     * template's conditions, {@code AWS::NoValue} left out; intrinsic functions inside a stage in long form.
     */
    public List<JsonNode> pipelineStages(String reviewMode) {
        return pipelineStages(reviewMode, parameter("ApproverGroups").path("Default").asText());
    }

    /** As {@link #pipelineStages(String)}, for an {@code ApproverGroups} value: actions and their names resolved. */
    public List<JsonNode> pipelineStages(String reviewMode, String approverGroups) {
        TemplateConditions conditions = conditions(reviewMode, approverGroups);
        List<JsonNode> stages = new ArrayList<>();
        for (JsonNode entry : declared(PIPELINE_RESOURCE).path("Properties").path("Stages")) {
            JsonNode stage = chosen(conditions, entry);
            if (stage != null) {
                ObjectNode resolved = stage.deepCopy();
                ArrayNode actions = resolved.putArray("Actions");
                for (JsonNode declaredAction : stage.path("Actions")) {
                    JsonNode action = chosen(conditions, declaredAction);
                    if (action != null) {
                        ObjectNode copy = action.deepCopy();
                        copy.put("Name", conditions.text(action.path("Name")));
                        actions.add(copy);
                    }
                }
                stages.add(resolved);
            }
        }
        return List.copyOf(stages);
    }

    /** The template's conditions and values for a review mode and approver groups (other parameters: defaults). */
    public TemplateConditions conditions(String reviewMode, String approverGroups) {
        return new TemplateConditions(tagged, Map.of("ReviewMode", reviewMode, "ApproverGroups", approverGroups));
    }

    /**
     * The template's conditions and values for a stack with {@code CodePipelineName} {@code pipelineName} and
     * {@code PipelineCount} {@code poolSize} (the pseudo parameters of {@link #POOL_TEST_STACK}; other parameters:
     * defaults).
     */
    public TemplateConditions pool(String pipelineName, int poolSize) {
        return pool(pipelineName, poolSize, Map.of());
    }

    /** As {@link #pool(String, int)}, with other parameters given too ({@code ReviewMode}, ...). */
    public TemplateConditions pool(String pipelineName, int poolSize, Map<String, String> parameters) {
        Map<String, String> refs = new LinkedHashMap<>(POOL_TEST_STACK);
        refs.putAll(parameters);
        refs.put("CodePipelineName", pipelineName);
        refs.put("PipelineCount", Integer.toString(poolSize));
        return new TemplateConditions(tagged, refs);
    }

    /**
     * The {@code APPROVAL_GATE_PIPELINE_NAMES} the template gives a function in a stack with {@code CodePipelineName}
     * {@code pipelineName} and {@code PipelineCount} {@code poolSize}: the pool, comma-separated.
     */
    public String pipelineNames(String functionLogicalId, String pipelineName, int poolSize) {
        return pool(pipelineName, poolSize).text(declared(functionLogicalId).path("Properties").path("Environment")
                .path("Variables").path("APPROVAL_GATE_PIPELINE_NAMES"));
    }

    /** Pseudo parameters of the stack {@link #pool} resolves for. */
    public static final Map<String, String> POOL_TEST_STACK = Map.of("AWS::Partition", "aws", "AWS::Region",
            "eu-west-1", "AWS::AccountId", "123456789012");

    /** Logical IDs of every resource that exists in the stack {@code conditions} describe. */
    public List<String> resourcesCreated(TemplateConditions conditions) {
        List<String> created = new ArrayList<>();
        tagged.path("Resources").properties().forEach(entry -> {
            JsonNode condition = entry.getValue().path("Condition");
            if (condition.isMissingNode() || conditions.isTrue(condition.asText())) {
                created.add(entry.getKey());
            }
        });
        return created;
    }

    /** The entry, or the branch of its {@code Fn::If} that the conditions choose; null for {@code AWS::NoValue}. */
    private static JsonNode chosen(TemplateConditions conditions, JsonNode entry) {
        JsonNode branch = entry.path("Fn::If");
        JsonNode chosen = branch.isMissingNode() ? entry
                : conditions.isTrue(branch.get(0).asText()) ? branch.get(1) : branch.get(2);
        return "AWS::NoValue".equals(chosen.path("Ref").asText()) ? null : chosen;
    }

    /**
     * The pipeline-level variables the template's pipeline declares, in order, each with its default value as
     * deployed with the stack's parameter defaults ({@code null} when it declares none).
     */
    public Map<String, String> pipelineVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode variable : declared(PIPELINE_RESOURCE).path("Properties").path("Variables")) {
            JsonNode defaultValue = variable.path("DefaultValue");
            String value = defaultValue.has("Ref") ? parameter(defaultValue.path("Ref").asText()).path("Default").asText()
                    : defaultValue.isMissingNode() ? null : defaultValue.asText();
            variables.put(variable.path("Name").asText(), value);
        }
        return java.util.Collections.unmodifiableMap(variables);
    }

    /** The approval rule's event pattern for a pipeline named {@code pipelineName}; see {@link #eventPattern}. */
    public String approvalEventPattern(String pipelineName) {
        return eventPattern(APPROVAL_RULE, pipelineName);
    }

    /** Logical IDs of every {@code AWS::Events::Rule}, in template order. */
    public List<String> eventRules() {
        List<String> rules = new ArrayList<>();
        tagged.path("Resources").properties().forEach(entry -> {
            if ("AWS::Events::Rule".equals(entry.getValue().path("Type").asText())) {
                rules.add(entry.getKey());
            }
        });
        return rules;
    }

    /**
     * The event pattern of the rule {@code ruleLogicalId} as deployed for a pipeline named {@code pipelineName}: the
     * template's pattern with each {@code !Ref ApprovalPipeline} replaced by that name, and nothing else changed.
     *
     * @throws IllegalArgumentException when the pattern does not filter on {@code detail.pipeline} (every rule must
     *         keep other pipelines' events out), or holds another intrinsic function
     */
    public String eventPattern(String ruleLogicalId, String pipelineName) {
        return eventPattern(ruleLogicalId, pipelineName, 1);
    }

    /**
     * As {@link #eventPattern(String, String)}, for a stack with {@code CodePipelineName} {@code pipelineName} and
     * {@code PipelineCount} {@code poolSize}: a {@code detail.pipeline} computed from the pool (its {@code Fn::Split})
     * is resolved as CloudFormation resolves it.
     */
    public String eventPattern(String ruleLogicalId, String pipelineName, int poolSize) {
        JsonNode declared = taggedResource(ruleLogicalId).path("Properties").path("EventPattern");
        if (declared.isMissingNode()) {
            throw new IllegalArgumentException(LOCATION + ": " + ruleLogicalId + " has no EventPattern");
        }
        JsonNode computed = declared.path("detail").path("pipeline");
        if (computed.isObject()) {
            ObjectNode copy = declared.deepCopy();
            ArrayNode names = ((ObjectNode) copy.get("detail")).putArray("pipeline");
            pool(pipelineName, poolSize).values(computed).forEach(names::add);
            declared = copy;
        }
        JsonNode pattern = resolveRefs(declared, Map.of(PIPELINE_RESOURCE, pipelineName), ruleLogicalId);
        JsonNode pipelines = pattern.path("detail").path("pipeline");
        if (!pipelines.isArray() || pipelines.isEmpty()) {
            throw new IllegalArgumentException(LOCATION + ": " + ruleLogicalId
                    + " does not filter on detail.pipeline, so it would forward every pipeline's events: " + declared);
        }
        return pattern.toString();
    }

    /** The pattern exactly as declared, intrinsic functions in long form (e.g. {@code {"Ref": "ApprovalPipeline"}}). */
    public JsonNode declaredEventPattern(String ruleLogicalId) {
        return taggedResource(ruleLogicalId).path("Properties").path("EventPattern");
    }

    /** A {@code Mappings} table: top-level key → second-level key → value. */
    public JsonNode mapping(String name) {
        JsonNode mapping = tagged.path("Mappings").path(name);
        if (mapping.isMissingNode()) {
            throw new IllegalArgumentException(LOCATION + " has no mapping " + name);
        }
        return mapping;
    }

    /** A parameter's declaration ({@code Type}, {@code Default}, {@code AllowedValues}, ...). */
    public JsonNode parameter(String name) {
        JsonNode parameter = tagged.path("Parameters").path(name);
        if (parameter.isMissingNode()) {
            throw new IllegalArgumentException(LOCATION + " has no parameter " + name);
        }
        return parameter;
    }

    /** The state machine's {@code DefinitionSubstitutions}, intrinsic functions in long form. */
    public JsonNode definitionSubstitutions() {
        return taggedResource(STATE_MACHINE).path("Properties").path("DefinitionSubstitutions");
    }

    /** The {@code StepFunctionsInputExample} output, substituted. */
    public JsonNode stepFunctionsInputExample(Map<String, String> substitutions) throws IOException {
        JsonNode sub = template.path("Outputs").path("StepFunctionsInputExample").path("Value");
        String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
        return JSON.readTree(substitute(text, substitutions));
    }

    private JsonNode stateMachineProperties() {
        return resource(STATE_MACHINE).path("Properties");
    }

    /** A resource as declared, intrinsic functions in long form (e.g. {@code {"Fn::FindInMap": [...]}}). */
    public JsonNode declared(String logicalId) {
        return taggedResource(logicalId);
    }

    private JsonNode taggedResource(String logicalId) {
        resource(logicalId); // the same error for a missing resource
        return tagged.path("Resources").path(logicalId);
    }

    private static JsonNode resolveRefs(JsonNode node, Map<String, String> refs, String where) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref")) {
                String target = node.get("Ref").asText();
                String value = refs.get(target);
                if (value == null) {
                    throw new IllegalArgumentException(where + ": no value for !Ref " + target);
                }
                return TextNode.valueOf(value);
            }
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(entry -> {
                if (entry.getKey().startsWith("Fn::")) {
                    throw new IllegalArgumentException(where + ": cannot resolve " + entry.getKey() + " in a test");
                }
                copy.set(entry.getKey(), resolveRefs(entry.getValue(), refs, where));
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(resolveRefs(item, refs, where)));
            return copy;
        }
        return node;
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
