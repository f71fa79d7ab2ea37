package io.github.approvalgate.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusMock;

/** The functions' {@link Metrics}, writing to a buffer instead of standard output: installed for one Quarkus test. */
public final class RecordedMetrics extends Metrics {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out;

    private RecordedMetrics(ByteArrayOutputStream out) {
        super(JSON, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8));
        this.out = out;
    }

    /** Replaces the application's Metrics bean until the end of the current test. */
    public static RecordedMetrics install() {
        RecordedMetrics metrics = new RecordedMetrics(new ByteArrayOutputStream());
        QuarkusMock.installMockForType(metrics, Metrics.class);
        return metrics;
    }

    /** Every embedded-metric-format document emitted so far, one per line. */
    public synchronized List<JsonNode> documents() {
        return out.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not one JSON document: " + line, e);
            }
        }).toList();
    }

    /** The documents of one metric. */
    public List<JsonNode> of(Metric metric) {
        return documents().stream().filter(document -> document.has(metric.metricName())).toList();
    }

    /** Asserts the document defines the metric as CloudWatch reads it: namespace, dimension names, name and unit. */
    public static void assertDefines(Metric metric, JsonNode document) {
        JsonNode directive = document.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(Metrics.NAMESPACE, directive.path("Namespace").asText(), document::toString);
        List<String> dimensions = new ArrayList<>();
        directive.path("Dimensions").get(0).forEach(name -> dimensions.add(name.asText()));
        assertEquals(metric.dimensions(), dimensions, document::toString);
        JsonNode definition = directive.path("Metrics").get(0);
        assertEquals(metric.metricName(), definition.path("Name").asText(), document::toString);
        assertEquals(metric.unit().cloudWatchName(), definition.path("Unit").asText(), document::toString);
    }
}
