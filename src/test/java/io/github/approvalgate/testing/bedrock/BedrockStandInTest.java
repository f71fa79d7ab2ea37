package io.github.approvalgate.testing.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.approvalgate.review.ReviewPrompt;
import io.github.approvalgate.review.VerdictTool;
import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The Bedrock stand-in as the AWS SDK for Java sees it: the same wire shapes, typed errors and timeouts. */
class BedrockStandInTest {

    static final String MODEL = "amazon.nova-lite-v1:0";
    private static BedrockStandIn bedrock;
    private static BedrockRuntimeClient client;

    @BeforeAll
    static void start() {
        bedrock = new BedrockStandIn();
        client = client(bedrock.endpoint(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        client.close();
        bedrock.close();
    }

    @BeforeEach
    void reset() {
        bedrock.reset();
    }

    @Test
    void aScriptedVerdictArrivesAsOneToolUseBlockAndTheRequestIsRecorded() {
        bedrock.answer(BedrockStandIn.Reply.verdict("approve", "Complete and low-risk."));
        ReviewPrompt prompt = ReviewPrompt.of("Review it.", "the document");

        ConverseResponse response = client.converse(request(prompt));

        assertEquals(StopReason.TOOL_USE, response.stopReason());
        var toolUse = response.output().message().content().getFirst().toolUse();
        assertEquals(VerdictTool.NAME, toolUse.name());
        assertEquals("approve", toolUse.input().asMap().get("decision").asString());
        assertEquals(1260, response.usage().totalTokens());
        BedrockStandIn.Call call = bedrock.calls().getFirst();
        assertEquals(MODEL, call.modelId(), "the SDK percent-encodes ':' in the path label");
        assertEquals(prompt.system(), call.system());
        assertEquals(prompt.user(), call.user());
        assertEquals(VerdictTool.NAME, call.body().path("toolConfig").path("toolChoice").path("tool").path("name").asText());
    }

    @Test
    void aGuardrailInterventionReachesTheSdkAsGuardrailIntervenedAndGuardContentIsRecorded() {
        bedrock.answer(BedrockStandIn.Reply.guardrailIntervention("Sorry, this input was blocked."));
        ConverseRequest request = request(ReviewPrompt.of("Review it.", "doc")).toBuilder()
                .guardrailConfig(g -> g.guardrailIdentifier("abc123def456").guardrailVersion("1"))
                .messages(message -> message.role(ConversationRole.USER).content(
                        software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText("before "),
                        software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromGuardContent(
                                software.amazon.awssdk.services.bedrockruntime.model.GuardrailConverseContentBlock
                                        .fromText(t -> t.text("the document")))))
                .build();

        ConverseResponse response = client.converse(request);

        assertEquals(StopReason.GUARDRAIL_INTERVENED, response.stopReason());
        assertEquals("Sorry, this input was blocked.", response.output().message().content().getFirst().text());
        assertTrue(response.trace().guardrail().inputAssessment().containsKey("stand-in-guardrail"));
        BedrockStandIn.Call call = bedrock.calls().getFirst();
        assertEquals(List.of("the document"), call.guardContent());
        assertEquals("before the document", call.user());
        assertEquals("abc123def456", call.guardrailConfig().path("guardrailIdentifier").asText());
    }

    @Test
    void aGuardrailConfigWithoutVersionIsAValidationError() {
        bedrock.answer(BedrockStandIn.Reply.verdict("approve", "ok"));
        ConverseRequest request = request(ReviewPrompt.of("Review it.", "doc")).toBuilder()
                .guardrailConfig(g -> g.guardrailIdentifier("abc123def456")).build();

        assertThrows(ValidationException.class, () -> client.converse(request));
    }

    @Test
    void aSequenceOfVerdictsIsAnsweredInOrderAndTheLastOneRepeats() {
        bedrock.answers(List.of(BedrockStandIn.Reply.verdict("reject", "first"),
                BedrockStandIn.Reply.verdict("approve", "second")));

        List<String> decisions = new java.util.ArrayList<>();
        for (int call = 0; call < 3; call++) {
            decisions.add(client.converse(request(ReviewPrompt.of("Review it.", "doc"))).output().message().content()
                    .getFirst().toolUse().input().asMap().get("decision").asString());
        }

        assertEquals(List.of("reject", "approve", "approve"), decisions);
    }

    @ParameterizedTest
    @CsvSource({ "ValidationException, 400", "AccessDeniedException, 403", "ModelTimeoutException, 408",
            "ThrottlingException, 429" })
    void errorsReachTheSdkAsItsTypedExceptions(String errorType, int status) {
        bedrock.answer(BedrockStandIn.Reply.error(errorType));

        AwsServiceException error = assertThrows(AwsServiceException.class, () -> client.converse(request(
                ReviewPrompt.of("Review it.", "doc"))));

        assertEquals(errorType, error.awsErrorDetails().errorCode());
        assertEquals(status, error.statusCode());
        Class<?> expected = switch (errorType) {
            case "ValidationException" -> ValidationException.class;
            case "AccessDeniedException" -> AccessDeniedException.class;
            case "ModelTimeoutException" -> ModelTimeoutException.class;
            default -> ThrottlingException.class;
        };
        assertEquals(expected, error.getClass());
    }

    @Test
    void aToolChoiceNamingAnUndeclaredToolIsAValidationError() {
        bedrock.answer(BedrockStandIn.Reply.verdict("approve", "ok"));
        ConverseRequest request = request(ReviewPrompt.of("Review it.", "doc")).toBuilder()
                .toolConfig(
                        VerdictTool.configuration().toBuilder().toolChoice(choice -> choice.tool(t -> t.name("other"))).build())
                .build();

        assertThrows(ValidationException.class, () -> client.converse(request));
    }

    @Test
    void aSlowAnswerOutlastsTheClientsCallTimeout() {
        bedrock.answer(BedrockStandIn.Reply.verdict("approve", "late").after(Duration.ofSeconds(3)));
        try (BedrockRuntimeClient impatient = client(bedrock.endpoint(), Duration.ofMillis(500))) {
            assertThrows(ApiCallTimeoutException.class,
                    () -> impatient.converse(request(ReviewPrompt.of("Review it.", "doc"))));
        }
    }

    /** The issue names this variable as the way to reach the stand-in: checked in a JVM that has it in its environment. */
    @Test
    void theSdkFindsTheStandInThroughAwsEndpointUrlBedrockRuntime() throws IOException, InterruptedException {
        bedrock.answer(BedrockStandIn.Reply.verdict("reject", "through the environment"));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EnvironmentEndpointProbe.class.getName()).redirectErrorStream(true);
        child.environment().put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.endpoint().toString());
        child.environment().put("AWS_REGION", "us-east-1");
        child.environment().put("AWS_ACCESS_KEY_ID", "test");
        child.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process process = child.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("stopReason=tool_use"), output);
        assertEquals(1, bedrock.calls().size());
    }

    /** Run in a child JVM: a client built with no endpoint override at all. */
    public static final class EnvironmentEndpointProbe {
        public static void main(String[] args) {
            try (BedrockRuntimeClient fromEnvironment = BedrockRuntimeClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                System.out.println("stopReason=" + fromEnvironment.converse(request(ReviewPrompt.of("Review it.", "doc")))
                        .stopReasonAsString());
            }
        }
    }

    static ConverseRequest request(ReviewPrompt prompt) {
        return ConverseRequest.builder()
                .modelId(MODEL)
                .system(SystemContentBlock.fromText(prompt.system()))
                .messages(message -> message.role(ConversationRole.USER).content(List.of(
                        software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText(prompt.user()))))
                .toolConfig(VerdictTool.configuration())
                .inferenceConfig(inference -> inference.maxTokens(256))
                .build();
    }

    private static BedrockRuntimeClient client(URI endpoint, Duration callTimeout) {
        return BedrockRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(LocalAwsClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override -> override.apiCallTimeout(callTimeout)
                        .retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }
}
