package io.github.approvalgate.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged {@code target/function.zip} through Lambda's runtime interface client and calls it over the
 * Invoke API, as moto's Step Functions does. Needs a handler named {@code echo} in the package (system property
 * {@code local-lambda.it.handler} picks another) that returns its input plus {@code "echoed": true} and throws
 * {@code IllegalArgumentException("boom")} on {@code "fail": true}.
 */
class LocalLambdaIT {

    static final String HANDLER = System.getProperty("local-lambda.it.handler", "echo");
    static final String NAME = "echo-fn";

    static LocalLambda lambda;
    static HttpClient http;

    @BeforeAll
    static void deploy() throws Exception {
        Path zip = zip();
        assertTrue(Files.isRegularFile(zip), zip.toAbsolutePath()
                + " is missing: run ./mvnw package (or ./mvnw verify) before this integration test");
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Assumptions.assumeTrue(file.stream().anyMatch(e -> e.getName().endsWith("/EchoHandler.class"))
                    || System.getProperty("local-lambda.it.handler") != null,
                    "function.zip has no echo handler: LocalLambdaIT needs the throwaway EchoHandler");
        }
        lambda = new LocalLambda();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        LocalFunction function = lambda.deploy(NAME, zip, Map.of("QUARKUS_LAMBDA_HANDLER", HANDLER));
        long t0 = System.nanoTime();
        InvokeResult first = lambda.invoke(NAME, "{\"warm\":0}");
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        assertNull(first.functionError(), first.payload());
        long[] next = new long[10];
        for (int i = 0; i < next.length; i++) {
            long t = System.nanoTime();
            lambda.invoke(NAME, "{\"warm\":" + (i + 1) + "}");
            next[i] = (System.nanoTime() - t) / 1_000;
        }
        System.out.printf("LocalLambda timings: cold start (deploy -> ready) %d ms, first invoke %d ms, "
                + "next invokes %s us%n", function.coldStart().toMillis(), firstMs, java.util.Arrays.toString(next));
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
        return Http.JSON.readTree(text);
    }

    @Test
    void invokesThroughUrlEncodedArnAsMotoDoes() throws Exception {
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:" + NAME;
        HttpResponse<String> response = post(arn, "{\"token\":\"abc\",\"n\":1}", Map.of());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        assertEquals("$LATEST", response.headers().firstValue("X-Amz-Executed-Version").orElseThrow());
        assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty());
        JsonNode body = json(response.body());
        assertEquals("abc", body.path("token").asText());
        assertTrue(body.path("echoed").asBoolean(), response.body());
    }

    @Test
    void acceptsNameAndQualifiedName() throws Exception {
        assertEquals(200, post(NAME, "{}", Map.of()).statusCode());
        HttpResponse<String> qualified = post(NAME + ":$LATEST", "{}", Map.of());
        assertEquals(200, qualified.statusCode(), qualified.body());
        assertTrue(json(qualified.body()).path("echoed").asBoolean(), qualified.body());
    }

    @Test
    void functionErrorIsAnUnhandled200() throws Exception {
        HttpResponse<String> response = post(NAME, "{\"fail\":true}", Map.of());
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(null));
        JsonNode body = json(response.body());
        assertEquals("java.lang.IllegalArgumentException", body.path("errorType").asText(), response.body());
        assertEquals("boom", body.path("errorMessage").asText(), response.body());
        // the function keeps working after an error
        assertEquals(200, post(NAME, "{}", Map.of()).statusCode());
        assertNull(lambda.invoke(NAME, "{}").functionError());
    }

    @Test
    void answersTenConcurrentInvocations() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(lambda.endpoint() + "/2015-03-31/functions/"
                    + NAME + "/invocations")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}")).build();
            calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = calls.get(i).join();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(i, json(response.body()).path("i").asInt(), response.body());
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
        HttpResponse<String> response = post(NAME, "{\"log\":\"" + marker + "\"}",
                Map.of("X-Amz-Invocation-Type", "Event"));
        assertEquals(202, response.statusCode());
        assertNotNull(response.headers().firstValue("x-amzn-RequestId").orElse(null));
        await().atMost(Duration.ofSeconds(30)).until(() -> lambda.logText(NAME).contains("ECHO-LOG " + marker));
        assertTrue(Files.exists(lambda.logOf(NAME)));
    }

    @Test
    void timeoutAnswersAnErrorAndTheFunctionRecovers() {
        String name = "echo-timeout";
        LocalFunction function = lambda.deploy(FunctionConfig.of(name, zip(), Map.of("QUARKUS_LAMBDA_HANDLER", HANDLER)).withTimeout(Duration.ofSeconds(2)));
        InvokeResult slow = lambda.invoke(name, "{\"sleepMs\":20000}");
        assertEquals("Unhandled", slow.functionError(), slow.payload());
        assertTrue(slow.payload().contains("Task timed out after 2.00 seconds"), slow.payload());
        InvokeResult after = lambda.invoke(name, "{\"again\":true}");
        assertNull(after.functionError(), after.payload());
        assertNull(function.failure());
        lambda.undeploy(name);
    }

    @Test
    void initFailureFailsTheDeployWithTheLogTail() {
        // Quarkus fails to boot on an invalid config value: the client reports it to /runtime/init/error
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lambda.deploy("broken", zip(),
                Map.of("QUARKUS_LAMBDA_HANDLER", HANDLER, "QUARKUS_LOG_LEVEL", "not-a-level")));
        assertTrue(e.getMessage().contains("failed to initialize"), e.getMessage());
        assertTrue(e.getMessage().contains("tail of"), e.getMessage());
        System.out.println("Init failure as reported:\n" + e.getMessage());
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
        String name = "echo-killed";
        LocalFunction function = lambda.deploy(name, zip(), Map.of("QUARKUS_LAMBDA_HANDLER", HANDLER));
        ProcessHandle.of(function.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> function.failure() != null);
        long t0 = System.nanoTime();
        InvokeResult result = lambda.invoke(name, "{}");
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        assertEquals("Unhandled", result.functionError());
        assertTrue(result.payload().contains("exited with code"), result.payload());
        assertTrue(result.payload().contains("tail of"), result.payload());
        lambda.undeploy(name);
    }

    static Path zip() {
        return Path.of(System.getProperty("local-lambda.function-zip", "target/function.zip"));
    }
}
