package io.github.approvalgate.testing.quarkus;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.github.approvalgate.testing.ControlledClock;

/** In every {@code @QuarkusTest}, the functions read {@link ControlledClock} (the system time unless a test moves it). */
@Alternative
@Priority(1)
@ApplicationScoped
public class ControlledClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return ControlledClock.INSTANCE;
    }
}
