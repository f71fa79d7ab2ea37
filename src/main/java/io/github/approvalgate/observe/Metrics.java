package io.github.approvalgate.observe;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Emits CloudWatch metrics as embedded-metric-format log lines on standard output: Lambda sends the line to CloudWatch
 * Logs, which extracts the metric, so no PutMetricData call and no extra permission is needed (CloudWatch user guide,
 * "Specification: Embedded metric format"). One JSON object per line, on its own, never inside a log record: the
 * extraction needs the {@code _aws} member at the top level.
 */
@ApplicationScoped
public class Metrics {

    public static final String NAMESPACE = "ApprovalGate";
    private static final Logger LOG = Logger.getLogger(Metrics.class);

    private final ObjectMapper json;
    private final Clock clock;
    private final PrintStream out;

    @Inject
    Metrics(ObjectMapper json) {
        this(json, Clock.systemUTC(), System.out);
    }

    Metrics(ObjectMapper json, Clock clock, PrintStream out) {
        this.json = json;
        this.clock = clock;
        this.out = out;
    }

    /**
     * @param dimensionValues one value per name in {@link Metric#dimensions()}, in that order
     */
    public void emit(Metric metric, double value, String... dimensionValues) {
        try {
            out.println(json.writeValueAsString(document(metric, value, dimensionValues)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // A metric is never worth failing the decision it counts.
            LOG.warnf("metric %s not emitted: %s", metric.metricName(), e.getMessage());
        }
    }

    /** The embedded-metric-format document: the metric's definition under {@code _aws}, its values beside it. */
    Map<String, Object> document(Metric metric, double value, String... dimensionValues) {
        if (dimensionValues.length != metric.dimensions().size()) {
            throw new IllegalArgumentException(metric.metricName() + " takes dimensions " + metric.dimensions()
                    + ", got " + dimensionValues.length + " values");
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(new ArrayList<>(metric.dimensions())),
                        "Metrics", List.of(Map.of("Name", metric.metricName(),
                                "Unit", metric.unit().cloudWatchName()))))));
        for (int i = 0; i < dimensionValues.length; i++) {
            // CloudWatch refuses an empty dimension value; a missing one is named, not dropped.
            String dimensionValue = dimensionValues[i];
            document.put(metric.dimensions().get(i),
                    dimensionValue == null || dimensionValue.isBlank() ? "none" : dimensionValue);
        }
        document.put(metric.metricName(), value);
        return document;
    }
}
