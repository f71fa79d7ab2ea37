package io.github.approvalgate.testing.codepipeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import io.github.approvalgate.testing.http.Http;
import io.github.approvalgate.testing.http.LoopbackServer;

/**
 * The AWS JSON 1.1 protocol on a JDK HTTP server: {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>},
 * JSON in, JSON out, errors as HTTP 400 {@code {"__type", "message"}} (the SDK maps {@code __type} to its typed exception).
 */
final class AwsJson11Server implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final String targetPrefix;
    private final Operations operations;
    private final Consumer<RecordedCall> recorder;
    private final LoopbackServer server;

    /** Answers one operation; {@code accessKeyId} is the caller's, from the SigV4 {@code Authorization} header. */
    @FunctionalInterface
    interface Operations {
        JsonNode apply(String operation, JsonNode request, String accessKeyId);

        /** After {@link #apply}: whether this call's answer is to be lost (the connection closes without one). */
        default boolean loseAnswer(String operation) {
            return false;
        }
    }

    AwsJson11Server(String targetPrefix, Operations operations, Consumer<RecordedCall> recorder) {
        this.targetPrefix = targetPrefix + ".";
        this.operations = operations;
        this.recorder = recorder;
        server = new LoopbackServer(this::handle);
    }

    URI endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(targetPrefix)) {
                respondError(exchange, 400, new ServiceError("UnknownOperationException",
                        "Expected POST / with X-Amz-Target " + targetPrefix + "<Operation>"));
                return;
            }
            String operation = target.substring(targetPrefix.length());
            JsonNode request;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                request = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                respondError(exchange, 400, new ServiceError("SerializationException", "Request body is not JSON"));
                return;
            }
            String accessKeyId = accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
            recorder.accept(new RecordedCall(operation, request, accessKeyId));
            try {
                JsonNode answer = operations.apply(operation, request, accessKeyId);
                if (operations.loseAnswer(operation)) {
                    // The call took effect; closing the connection without a status line loses its answer.
                    throw new IOException("answer of " + operation + " lost on purpose");
                }
                respond(exchange, 200, answer);
            } catch (ServiceError e) {
                respondError(exchange, 400, e);
            } catch (RuntimeException e) {
                respondError(exchange, 500, new ServiceError("InternalFailure", String.valueOf(e)));
            }
        }
    }

    /** {@code AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/codepipeline/aws4_request, ...} → {@code AKID}. */
    private static String accessKeyId(String authorization) {
        if (authorization == null) {
            return null;
        }
        int start = authorization.indexOf("Credential=");
        int end = start < 0 ? -1 : authorization.indexOf('/', start);
        return end < 0 ? null : authorization.substring(start + "Credential=".length(), end);
    }

    private static void respondError(HttpExchange exchange, int status, ServiceError error) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.type());
        respond(exchange, status, JSON.createObjectNode().put("__type", error.type()).put("message", error.getMessage()));
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        Http.send(exchange, status, Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", UUID.randomUUID().toString()),
                JSON.writeValueAsBytes(body));
    }
}
