package io.github.approvalgate.observe;

import java.io.PrintStream;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link Metrics} for tests outside CDI: the documents go to {@code out}. */
public final class TestMetrics {

    private TestMetrics() {
    }

    public static Metrics to(PrintStream out) {
        return new Metrics(new ObjectMapper(), Clock.systemUTC(), out);
    }
}
