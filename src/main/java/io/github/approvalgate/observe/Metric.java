package io.github.approvalgate.observe;

import java.util.List;

/**
 * Every CloudWatch metric the functions emit, in namespace {@link Metrics#NAMESPACE}, each with the dimensions it is
 * emitted with. The template's alarms and dashboard name these and only these ({@code ObservabilityTemplateTest}).
 */
public enum Metric {

    /** One per decision delivered to its workflow, by outcome (approved, rejected, expired, stopped, failed, ...). */
    DECISIONS("Decisions", Unit.COUNT, List.of("Pipeline", "Decision")),
    /** Decisions the sweep delivered: each one is an approval event that never arrived. */
    SWEEP_DELIVERIES("SweepDeliveries", Unit.COUNT, List.of("Pipeline")),
    /** start-approval refused for now because the pipeline was busy (the workflow retries). */
    BUSY_REFUSALS("BusyRefusals", Unit.COUNT, List.of("Pipeline")),
    /** The AI reviewer's verdicts (approve, reject, escalate), by verdict. */
    AI_VERDICTS("AiVerdicts", Unit.COUNT, List.of("Pipeline", "Verdict")),
    /**
     * AI reviews that left the approval to a person, by reason (escalated, guardrail, model-error, malformed-answer,
     * no-document, not-configured, gave-up): once per run of the AI action.
     */
    AI_REVIEWS_LEFT_TO_PERSON("AiReviewsLeftToPerson", Unit.COUNT, List.of("Pipeline", "Reason")),
    /** From the request (its object version's LastModified) to the delivery of its decision. */
    TIME_TO_DECISION("TimeToDecision", Unit.MILLISECONDS, List.of("Pipeline", "Decision"));

    /** CloudWatch units the embedded metric format accepts (CloudWatch API reference, MetricDatum). */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;
    private final List<String> dimensions;

    Metric(String metricName, Unit unit, List<String> dimensions) {
        this.metricName = metricName;
        this.unit = unit;
        this.dimensions = dimensions;
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    public List<String> dimensions() {
        return dimensions;
    }
}
