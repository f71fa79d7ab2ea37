package io.github.approvalgate.testing.lambda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.testing.SampleEvents;

/**
 * Runs the packaged {@code target/function.zip} through Lambda's runtime interface client and calls it over the
 * Invoke API, as moto's Step Functions does. The function is the real approval-result: events that are not approval
 * decisions need no AWS service, so they exercise the runtime path alone.
 */
@Tag("harness")
class LocalLambdaIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String NAME = "approval-result";
    static final String IGNORED_EVENT = SampleEvents.load("approval-started.json").toString();
    static final Map<String, String> ENV = Map.of("QUARKUS_LAMBDA_HANDLER", NAME);

    static LocalLambda lambda;
    static HttpClient http;

    @BeforeAll
    static void deploy() {
        Path zip = zip();
        assertTrue(Files.isRegularFile(zip), zip.toAbsolutePath()
                + " is missing: run ./mvnw package (or ./mvnw verify) before this integration test");
        lambda = new LocalLambda();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        lambda.deploy(NAME, zip, ENV);
    }

    @AfterAll
    static void close() {
        if (lambda != null) {
            lambda.close();
        }
    }

    static HttpResponse<String> post(String functionName, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(lambda.endpoint() + "/2015-03-31/functions/"
                + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void invokesThroughUrlEncodedArnAsMotoDoes() throws Exception {
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:" + NAME;
        HttpResponse<String> response = post(arn, IGNORED_EVENT, Map.of());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        assertEquals("$LATEST", response.headers().firstValue("X-Amz-Executed-Version").orElseThrow());
        assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty());
        JsonNode body = json(response.body());
        assertEquals("ignored", body.path("outcome").asText(), response.body());
        assertTrue(body.path("reason").asText().contains("STARTED"), response.body());
    }

    @Test
    void acceptsNameAndQualifiedName() throws Exception {
        assertEquals(200, post(NAME, IGNORED_EVENT, Map.of()).statusCode());
        HttpResponse<String> qualified = post(NAME + ":$LATEST", IGNORED_EVENT, Map.of());
        assertEquals(200, qualified.statusCode(), qualified.body());
        assertEquals("ignored", json(qualified.body()).path("outcome").asText(), qualified.body());
    }

    @Test
    void functionErrorIsAnUnhandled200() throws Exception {
        String noDetail = SampleEvents.edited("approval-succeeded.json", event -> event.remove("detail"));
        HttpResponse<String> response = post(NAME, noDetail, Map.of());
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(null));
        JsonNode body = json(response.body());
        assertEquals("java.lang.IllegalArgumentException", body.path("errorType").asText(), response.body());
        assertTrue(body.path("errorMessage").asText().contains("has no 'detail'"), response.body());
        // the function keeps working after an error
        assertNull(lambda.invoke(NAME, IGNORED_EVENT).functionError());
    }

    @Test
    void answersTenConcurrentInvocations() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(lambda.endpoint() + "/2015-03-31/functions/"
                    + NAME + "/invocations")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(startedEvent("concurrent-" + i))).build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = calls.get(i).join();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("ignored", json(response.body()).path("outcome").asText(), response.body());
        }
    }

    @Test
    void unknownFunctionIs404() throws Exception {
        HttpResponse<String> response = post("arn:aws:lambda:us-east-1:123456789012:function:nope", "{}", Map.of());
        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        JsonNode body = json(response.body());
        assertEquals("User", body.path("Type").asText());
        assertTrue(body.path("message").asText().startsWith("Function not found: "), response.body());
        assertThrows(IllegalArgumentException.class, () -> lambda.invoke("nope", "{}"));
    }

    @Test
    void eventInvocationIs202AndRunsInBackground() throws Exception {
        String marker = "async-" + System.nanoTime();
        HttpResponse<String> response = post(NAME, startedEvent(marker), Map.of("X-Amz-Invocation-Type", "Event"));
        assertEquals(202, response.statusCode());
        assertNotNull(response.headers().firstValue("x-amzn-RequestId").orElse(null));
        await().atMost(Duration.ofSeconds(60)).until(() -> lambda.logText(NAME).contains("event ignored: id='" + marker + "'"));
        assertTrue(lambda.awaitIdle(Duration.ofSeconds(60)));
        assertEquals(1, lambda.logText(NAME).split("event ignored: id='" + marker + "'", -1).length - 1,
                "one Event invocation runs the function once");
    }

    @Test
    void initFailureFailsTheDeployWithTheLogTail() {
        // Quarkus fails to boot on an invalid config value: the client reports it to /runtime/init/error
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lambda.deploy("broken", zip(),
                Map.of("QUARKUS_LAMBDA_HANDLER", NAME, "QUARKUS_LOG_LEVEL", "not-a-level")));
        assertTrue(e.getMessage().contains("failed to initialize"), e.getMessage());
        assertTrue(e.getMessage().contains("tail of"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lambda.invoke("broken", "{}"));
    }

    @Test
    void missingHandlerClassFailsEachInvocationAsLambdaDoes() {
        lambda.deploy(FunctionConfig.of("no-class", zip(), Map.of()).withHandler("com.example.Nope::handleRequest"));
        InvokeResult result = lambda.invoke("no-class", "{}");
        assertEquals("Unhandled", result.functionError());
        assertTrue(result.payload().contains("java.lang.ClassNotFoundException"), result.payload());
        lambda.undeploy("no-class");
    }

    @Test
    void deadProcessFailsInvocationsFast() {
        String name = "killed";
        LocalFunction function = lambda.deploy(name, zip(), ENV);
        ProcessHandle.of(function.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(60)).until(() -> function.failure() != null);
        InvokeResult result = lambda.invoke(name, IGNORED_EVENT);
        assertEquals("Unhandled", result.functionError());
        assertTrue(result.payload().contains("exited with code"), result.payload());
        assertTrue(result.payload().contains("tail of"), result.payload());
        lambda.undeploy(name);
    }

    static String startedEvent(String id) {
        return SampleEvents.edited("approval-started.json", event -> event.put("id", id));
    }

    static Path zip() {
        return Path.of(System.getProperty("local-lambda.function-zip", "target/function.zip"));
    }
}
