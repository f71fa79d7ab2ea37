package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.Metrics;

/**
 * The template's logs, alarms and dashboard agree with what the functions emit: every function logs JSON, and every
 * metric of namespace {@value Metrics#NAMESPACE} the template names is one of {@link Metric}, with its dimensions.
 */
class ObservabilityTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InfraTemplate TEMPLATE = InfraTemplate.load();
    private static final Set<String> EMITTED = Arrays.stream(Metric.values()).map(Metric::metricName)
            .collect(Collectors.toSet());
    /** A metric array of a dashboard widget: {@code ["ApprovalGate", "Name", ...]}, or a SEARCH for one. */
    private static final Pattern DASHBOARD_METRIC = Pattern
            .compile("\\[\"" + Metrics.NAMESPACE + "\", \"(\\w+)\"|MetricName=\\\\\"(\\w+)\\\\\"");

    @Test
    void everyFunctionLogsJson() {
        List<String> functions = resourcesOfType("AWS::Lambda::Function");
        assertTrue(functions.size() >= 4, "the four functions: " + functions);
        for (String function : functions) {
            assertEquals("JSON", TEMPLATE.resource(function).path("Properties").path("LoggingConfig")
                    .path("LogFormat").asText(), function);
        }
    }

    @Test
    void everyAlarmOnOurNamespaceWatchesAMetricTheCodeEmitsWithItsDimensions() {
        List<String> ours = new ArrayList<>();
        for (String alarm : resourcesOfType("AWS::CloudWatch::Alarm")) {
            JsonNode properties = TEMPLATE.resource(alarm).path("Properties");
            if (!Metrics.NAMESPACE.equals(properties.path("Namespace").asText())) {
                continue;
            }
            ours.add(alarm);
            String name = properties.path("MetricName").asText();
            Metric metric = Arrays.stream(Metric.values()).filter(m -> m.metricName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(alarm + " watches " + name + ", which no function emits"));
            List<String> dimensions = new ArrayList<>();
            properties.path("Dimensions").forEach(d -> dimensions.add(d.path("Name").asText()));
            assertEquals(metric.dimensions(), dimensions, alarm + ": CloudWatch matches a metric by all its dimensions");
        }
        assertTrue(ours.contains("SweepDeliveriesAlarmPipeline"), "a lost event delivered by the sweep alarms: " + ours);
    }

    @Test
    void theDashboardShowsEveryMetricAndOnlyThose() throws Exception {
        String body = TEMPLATE.declared("OperationsDashboard").path("Properties").path("DashboardBody")
                .path("Fn::Sub").get(0).asText();
        String rendered = body.replaceAll("\\$\\{[^}]+}", "x");
        JSON.readTree(rendered); // valid JSON once CloudFormation substituted the names
        Set<String> shown = new TreeSet<>();
        Matcher matcher = DASHBOARD_METRIC.matcher(body);
        while (matcher.find()) {
            shown.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        assertEquals(new TreeSet<>(EMITTED), shown);
    }

    @Test
    void noMetricComesFromALogFilter() {
        // One list of metric names: the code emits them all, so a filter on a log line's text would be a second one.
        assertEquals(List.of(), resourcesOfType("AWS::Logs::MetricFilter"));
    }

    @Test
    void theMetricListHasNoDuplicateNames() {
        assertEquals(Metric.values().length, EMITTED.size());
        assertFalse(EMITTED.isEmpty());
    }

    private static List<String> resourcesOfType(String type) {
        List<String> found = new ArrayList<>();
        TEMPLATE.declared().path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.add(entry.getKey());
            }
        });
        return found;
    }
}
