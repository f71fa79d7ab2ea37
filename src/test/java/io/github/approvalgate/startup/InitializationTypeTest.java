package io.github.approvalgate.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class InitializationTypeTest {

    @ParameterizedTest
    @CsvSource({
            "on-demand, ON_DEMAND, false",
            "provisioned-concurrency, PROVISIONED_CONCURRENCY, true",
            "snap-start, SNAP_START, true",
            "' snap-start ', SNAP_START, true" })
    void lambdasDocumentedValues(String value, InitializationType expected, boolean keepsInit) {
        InitializationType type = InitializationType.of(Optional.of(value));
        assertEquals(expected, type);
        assertEquals(keepsInit, type.keepsInit());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "SNAP_START", "snapstart", "lambda-managed-instances" })
    void absentOrUnknownCountsAsOnDemand(String value) {
        InitializationType type = InitializationType.of(Optional.ofNullable(value));
        assertEquals(InitializationType.ON_DEMAND, type);
        assertFalse(type.keepsInit());
    }

    @ParameterizedTest
    @ValueSource(strings = { "on-demand", "provisioned-concurrency", "snap-start" })
    void valuesRoundTrip(String value) {
        assertTrue(InitializationType.of(Optional.of(value)).value().equals(value));
    }
}
