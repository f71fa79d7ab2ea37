package io.github.approvalgate.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The lines must be documents CloudWatch's embedded metric format extracts (its specification's required members). */
class MetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30Z");
    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics(json, Clock.fixed(NOW, ZoneOffset.UTC),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void aDecisionIsOneEmbeddedMetricLine() throws Exception {
        metrics.emit(Metric.DECISIONS, 1, "approval-pipeline", "rejected");

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one line per metric: " + lines);
        JsonNode line = json.readTree(lines.getFirst());
        JsonNode aws = line.path("_aws");
        assertEquals(NOW.toEpochMilli(), aws.path("Timestamp").asLong());
        JsonNode directive = aws.path("CloudWatchMetrics").get(0);
        assertEquals(Metrics.NAMESPACE, directive.path("Namespace").asText());
        assertEquals("[[\"Pipeline\",\"Decision\"]]", directive.path("Dimensions").toString());
        assertEquals("Decisions", directive.path("Metrics").get(0).path("Name").asText());
        assertEquals("Count", directive.path("Metrics").get(0).path("Unit").asText());
        assertEquals("approval-pipeline", line.path("Pipeline").asText());
        assertEquals("rejected", line.path("Decision").asText());
        assertEquals(1.0, line.path("Decisions").asDouble());
    }

    @Test
    void everyMetricNamesItsDimensionsAndAUnitCloudWatchKnows() {
        for (Metric metric : Metric.values()) {
            String[] values = metric.dimensions().stream().map(name -> "v").toArray(String[]::new);
            var document = metrics.document(metric, 2.5, values);
            assertTrue(metric.metricName().matches("[A-Za-z]+"), metric.metricName());
            assertEquals(2.5, document.get(metric.metricName()));
            metric.dimensions().forEach(name -> assertEquals("v", document.get(name), name));
            assertTrue(List.of("Count", "Milliseconds").contains(metric.unit().cloudWatchName()));
        }
    }

    @Test
    void aBlankDimensionValueIsNamedNotDropped() {
        var document = metrics.document(Metric.AI_VERDICTS, 1, "approval-pipeline", " ");
        assertEquals("none", document.get("Verdict"));
    }

    @Test
    void theWrongNumberOfDimensionValuesIsRefusedWithTheNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> metrics.document(Metric.DECISIONS, 1, "only-one"));
        assertTrue(e.getMessage().contains("[Pipeline, Decision]"), e.getMessage());
    }

    @Test
    void emitNeverThrows() {
        metrics.emit(Metric.DECISIONS, 1, "only-one");
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
