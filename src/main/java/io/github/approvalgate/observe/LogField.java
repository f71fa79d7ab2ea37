package io.github.approvalgate.observe;

import org.jboss.logging.MDC;

/**
 * The fields operators search logs by. Each is a key of the logging context (MDC), which the JSON log format writes
 * into every line as {@code mdc.<key>}; the README's Logs Insights queries use these names. Never a token: the task
 * token appears only as its fingerprint ({@link #TASK}).
 */
public enum LogField {

    AWS_REQUEST_ID("aws_request_id"),
    EVENT_ID("event_id"),
    PIPELINE("pipeline"),
    EXECUTION_ID("execution_id"),
    STAGE("stage"),
    ACTION("action"),
    S3_VERSION_ID("s3_version_id"),
    /** The task token's fingerprint ({@code sha256:...}), never the token. */
    TASK("task"),
    DECISION("decision"),
    OUTCOME("outcome"),
    /** Which path delivered a decision: {@link #BY_EVENT} or {@link #BY_SWEEP}. */
    DELIVERED_BY("delivered_by");

    /** {@link #DELIVERED_BY} of approval-result. */
    public static final String BY_EVENT = "event";
    /** {@link #DELIVERED_BY} of the sweep and the deadline check. */
    public static final String BY_SWEEP = "sweep";

    private final String key;

    LogField(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Sets the field for the rest of this invocation; a null value removes it. */
    public void set(Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }

    /** Removes the fields of one execution (the sweep examines several in one invocation). */
    public static void clearExecution() {
        for (LogField field : values()) {
            if (field != AWS_REQUEST_ID && field != EVENT_ID && field != PIPELINE && field != DELIVERED_BY) {
                MDC.remove(field.key);
            }
        }
    }

    /** Starts an invocation with no field left over from the previous one on this thread. */
    public static void clearAll() {
        for (LogField field : values()) {
            MDC.remove(field.key);
        }
    }
}
