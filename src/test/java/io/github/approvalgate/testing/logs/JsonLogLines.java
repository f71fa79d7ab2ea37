package io.github.approvalgate.testing.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.observe.LogField;

/**
 * The Quarkus tests' log ({@link NoTokenInLogs#QUARKUS_LOG}) written with Quarkus's JSON format and the keys the
 * functions exclude in Lambda ({@code HandlerProfiles}): every line must be one JSON object, and a function's main line
 * carries its {@link LogField}s under {@code mdc}.
 */
public final class JsonLogLines {

    /** The keys the functions leave out of each line; the test profiles give the log file the same. */
    public static final String EXCLUDED_KEYS = "quarkus.log.console.json.excluded-keys";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private JsonLogLines() {
    }

    /**
     * The last line whose message starts with {@code message} and whose fields hold {@code fields}, waited for (the
     * file handler may write after the answer); fails if any line of the log is not one JSON object.
     */
    public static JsonNode line(String message, Map<LogField, String> fields) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            found.set(lastMatching(message, fields).orElse(null));
            return found.get() != null;
        });
        return found.get();
    }

    /** Asserts the line's field values, and that the fields not named are absent. */
    public static void assertFields(JsonNode line, Map<LogField, String> present, LogField... absent) {
        JsonNode mdc = line.path("mdc");
        present.forEach((field, value) -> assertEquals(value, mdc.path(field.key()).asText(null), field.key() + " in "
                + line));
        for (LogField field : absent) {
            assertTrue(mdc.path(field.key()).isMissingNode(), field.key() + " must be absent: " + line);
        }
        for (String key : ConfigProvider.getConfig().getValue(EXCLUDED_KEYS, String[].class)) {
            assertFalse(line.has(key), "excluded key " + key + " in " + line);
        }
    }

    private static Optional<JsonNode> lastMatching(String message, Map<LogField, String> fields) throws IOException {
        JsonNode last = null;
        for (String text : Files.readAllLines(NoTokenInLogs.QUARKUS_LOG, StandardCharsets.UTF_8)) {
            JsonNode line = parse(text);
            if (line.path("message").asText("").startsWith(message) && fields.entrySet().stream()
                    .allMatch(f -> f.getValue().equals(line.path("mdc").path(f.getKey().key()).asText(null)))) {
                last = line;
            }
        }
        return Optional.ofNullable(last);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode line = JSON.readTree(text);
            if (line == null || !line.isObject()) {
                fail("a log line that is not one JSON object: " + text);
            }
            return line;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a log line that is not one JSON object: " + text, e);
        }
    }
}
