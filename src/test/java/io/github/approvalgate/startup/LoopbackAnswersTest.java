package io.github.approvalgate.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LoopbackAnswersTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answersFixedAndChunkedBodiesAndHeadRequests() throws Exception {
        try (LoopbackAnswers answers = new LoopbackAnswers("{\"ok\":true}", Map.of("x-amz-version-id", "v1"))) {
            HttpResponse<String> fixed = http.send(HttpRequest.newBuilder(answers.endpoint().resolve("/a"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(10_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fixed.statusCode());
            assertEquals("{\"ok\":true}", fixed.body());
            assertEquals("v1", fixed.headers().firstValue("x-amz-version-id").orElseThrow());

            // An unknown length makes the client send the body chunked.
            byte[] chunked = "y".repeat(50_000).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> afterChunks = http.send(HttpRequest.newBuilder(answers.endpoint().resolve("/b"))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"ok\":true}", afterChunks.body());

            HttpResponse<String> head = http.send(HttpRequest.newBuilder(answers.endpoint().resolve("/c"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals("close", head.headers().firstValue("connection").orElseThrow(), "no connection is kept");
            assertEquals(3, answers.answered());
        }
    }

    @Test
    void closingEndsTheServer() throws Exception {
        LoopbackAnswers answers = new LoopbackAnswers("{}", Map.of());
        answers.close();
        IOException refused = assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(
                answers.endpoint()).GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(ConnectException.class, refused.getClass());
    }
}
