package io.github.approvalgate.testing.quarkus;

import java.time.Duration;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.approvalgate.testing.ControlledClock;

/**
 * For a test against {@link LocalAwsTestResource}: each test starts from an empty pipeline at the system time, with the
 * functions and the CodePipeline stand-in on one {@link ControlledClock}; {@link #advance} lets days pass for both.
 */
public final class PassingTime implements BeforeEachCallback, AfterEachCallback {

    public static void advance(Duration amount) {
        ControlledClock.INSTANCE.advance(amount);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalAwsTestResource.codePipeline().reset();
        ControlledClock.INSTANCE.reset();
        LocalAwsTestResource.codePipeline().clock(ControlledClock.INSTANCE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ControlledClock.INSTANCE.reset();
        LocalAwsTestResource.codePipeline().reset();
    }
}
