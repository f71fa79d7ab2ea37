package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Named;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.event.ActionExecutionStateChange;
import io.github.approvalgate.pipeline.event.ActionStateChangeDetail;
import io.github.approvalgate.pipeline.event.ActionType;
import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.result.TaskDecision;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Keeps infra/template.yaml and the code one truth: names, payload fields, event fields, environment. */
class TemplateConsistencyTest {

    static final Map<String, String> SUBSTITUTIONS = Map.of(
            "Partition", "aws",
            "StartApprovalFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:start-approval:live",
            "ApprovalTaskTimeoutSeconds", "605700",
            "ExecutionTimeoutSeconds", "606600");

    private final InfraTemplate template = InfraTemplate.load();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void eachFunctionSelectsAHandlerThatExists() {
        assertEquals(StartApprovalHandler.NAME, template.environment("StartApprovalFunction").get("QUARKUS_LAMBDA_HANDLER"));
        assertEquals(ApprovalResultHandler.NAME, template.environment("ApprovalResultFunction").get("QUARKUS_LAMBDA_HANDLER"));
        assertEquals(StartApprovalHandler.NAME, StartApprovalHandler.class.getAnnotation(Named.class).value());
        assertEquals(ApprovalResultHandler.NAME, ApprovalResultHandler.class.getAnnotation(Named.class).value());
    }

    @Test
    void startApprovalEnvironmentReachesThePipelineConfiguration() {
        Map<String, String> env = new java.util.HashMap<>(template.environment("StartApprovalFunction"));
        env.put("APPROVAL_GATE_PIPELINE_NAME", "the-pipeline"); // a !Ref in the template
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(PipelineConfig.class)
                .build();

        PipelineConfig pipeline = config.getConfigMapping(PipelineConfig.class);
        assertEquals("the-pipeline", pipeline.name().orElseThrow());
        assertEquals(template.resource("ApprovalPipeline").path("Properties").path("Stages").get(0)
                .path("Actions").get(0).path("Name").asText(), pipeline.sourceActionName());
        assertTrue(env.keySet().stream().filter(name -> name.startsWith("APPROVAL_GATE_"))
                .allMatch(name -> Set.of("APPROVAL_GATE_PIPELINE_NAME", "APPROVAL_GATE_PIPELINE_SOURCE_ACTION_NAME")
                        .contains(name)), env::toString);
    }

    @Test
    void stateMachineKeepsTheReferenceStatesAndIsValidJson() throws Exception {
        JsonNode definition = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS));

        assertEquals("InvokeLambdaForCodePipelineExecution", definition.path("StartAt").asText());
        assertEquals(Set.of("InvokeLambdaForCodePipelineExecution", "ApprovalResult", "Approved", "Rejected", "Fail"),
                names(definition.path("States").fieldNames()));
        JsonNode task = definition.path("States").path("InvokeLambdaForCodePipelineExecution");
        assertEquals("arn:aws:states:::lambda:invoke.waitForTaskToken", task.path("Resource").asText());
        assertEquals(SUBSTITUTIONS.get("StartApprovalFunctionArn"), task.path("Parameters").path("FunctionName").asText());
        assertTrue(task.path("TimeoutSeconds").asInt() > 0, "a lost decision must not hang the workflow for a year");
    }

    @Test
    void taskPayloadSendsExactlyTheFieldsStartApprovalReads() throws Exception {
        JsonNode payload = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS))
                .path("States").path("InvokeLambdaForCodePipelineExecution").path("Parameters").path("Payload");

        Set<String> sent = names(payload.fieldNames()).stream()
                .map(name -> name.replaceFirst("\\.\\$$", "")).collect(Collectors.toSet());

        assertEquals(jsonNames(ApprovalRequest.class), sent);
        assertEquals("$$.Task.Token", payload.path(ApprovalRequest.TOKEN + ".$").asText());
    }

    @Test
    void retriedErrorsNameExistingExceptions() throws Exception {
        JsonNode retry = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS))
                .path("States").path("InvokeLambdaForCodePipelineExecution").path("Retry");

        int ours = 0;
        for (JsonNode retrier : retry) {
            for (JsonNode error : retrier.path("ErrorEquals")) {
                if (error.asText().startsWith("io.github.approvalgate.")) {
                    assertTrue(RuntimeException.class.isAssignableFrom(Class.forName(error.asText())), error::asText);
                    ours++;
                }
            }
        }
        assertEquals(1, ours, "the pipeline-not-started retrier");
    }

    @Test
    void choiceReadsTheDecisionFieldApprovalResultSends() throws Exception {
        JsonNode choices = json.readTree(template.stateMachineDefinition(SUBSTITUTIONS))
                .path("States").path("ApprovalResult").path("Choices");
        String decisionField = jsonName(TaskDecision.class, "approved");

        for (JsonNode choice : choices) {
            assertEquals("$." + decisionField, choice.path("Variable").asText());
        }
        assertEquals("Approved", choices.get(0).path("Next").asText());
        assertTrue(choices.get(0).path("BooleanEquals").asBoolean());
    }

    @Test
    void eventPatternMatchesTheEventRecords() throws Exception {
        JsonNode pattern = json.readTree(template.approvalEventPattern("p"));

        assertEquals(ActionExecutionStateChange.SOURCE, pattern.path("source").get(0).asText());
        assertEquals(ActionExecutionStateChange.DETAIL_TYPE, pattern.path("detail-type").get(0).asText());
        Set<String> envelope = jsonNames(ActionExecutionStateChange.class);
        assertTrue(envelope.containsAll(names(pattern.fieldNames())), () -> envelope + " vs " + pattern);
        Set<String> detail = jsonNames(ActionStateChangeDetail.class);
        assertTrue(detail.containsAll(names(pattern.path("detail").fieldNames())), () -> detail + " vs " + pattern);
        assertTrue(jsonNames(ActionType.class).containsAll(names(pattern.path("detail").path("type").fieldNames())));
        assertEquals(ActionType.APPROVAL_CATEGORY, pattern.path("detail").path("type").path("category").get(0).asText());
        assertEquals(Set.of("SUCCEEDED", "FAILED"), names(pattern.path("detail").path("state").elements()));
    }

    @Test
    void stepFunctionsInputExampleIsValidJsonWithEveryFieldTheWorkflowReads() throws Exception {
        JsonNode example = template.stepFunctionsInputExample(Map.of("AWS::Region", "us-east-1",
                "BucketName", "bucket", "CodePipelineS3bucketKeyInput", "index.html",
                "CodePipelineS3bucketKeyContentType", "text/html"));

        Set<String> readFromInput = new TreeSet<>();
        json.readTree(template.stateMachineDefinition(SUBSTITUTIONS)).path("States")
                .path("InvokeLambdaForCodePipelineExecution").path("Parameters").path("Payload").elements()
                .forEachRemaining(path -> {
                    if (path.asText().startsWith("$$.Execution.Input.")) {
                        readFromInput.add(path.asText().substring("$$.Execution.Input.".length()));
                    }
                });
        assertEquals(4, readFromInput.size(), readFromInput::toString);
        assertTrue(names(example.fieldNames()).containsAll(readFromInput), example::toString);
    }

    private static Set<String> names(Iterator<?> items) {
        Set<String> names = new HashSet<>();
        items.forEachRemaining(item -> names.add(item instanceof JsonNode node ? node.asText() : item.toString()));
        return names;
    }

    private static Set<String> jsonNames(Class<? extends Record> type) {
        return Stream.of(type.getRecordComponents()).map(TemplateConsistencyTest::jsonName).collect(Collectors.toSet());
    }

    private static String jsonName(Class<? extends Record> type, String component) {
        return Stream.of(type.getRecordComponents()).filter(c -> c.getName().equals(component)).findFirst()
                .map(TemplateConsistencyTest::jsonName).orElseThrow();
    }

    private static String jsonName(RecordComponent component) {
        // @JsonProperty does not target record components: Java copies it to the accessor.
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }
}
