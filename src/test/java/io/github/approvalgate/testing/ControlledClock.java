package io.github.approvalgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock moved by an offset that tests set: shared by the functions under test (through
 * {@code testing.quarkus.ControlledClockProducer}) and the CodePipeline stand-in, so that advancing it ages every
 * execution at once, as days passing would.
 */
public final class ControlledClock extends Clock {

    public static final ControlledClock INSTANCE = new ControlledClock();

    private volatile Duration offset = Duration.ZERO;

    private ControlledClock() {
    }

    /** Moves the time forward (or back, with a negative amount). */
    public void advance(Duration amount) {
        offset = offset.plus(amount);
    }

    /** Back to the system time. */
    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the controlled clock is UTC only");
    }
}
