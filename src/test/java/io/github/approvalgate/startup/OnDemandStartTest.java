package io.github.approvalgate.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** No AWS_LAMBDA_INITIALIZATION_TYPE, as on an on-demand start: init does nothing the first request does not need. */
@QuarkusTest
@TestProfile(HandlerProfiles.StartApproval.class)
class OnDemandStartTest {

    @Inject
    StartupPriming priming;

    @Test
    void anOnDemandStartIsNotPrimed() {
        StartupPriming.Run run = priming.run().orElseThrow();
        assertEquals(InitializationType.ON_DEMAND, run.type());
        assertTrue(run.primedIn().isEmpty(), "priming skipped: " + run);
    }
}
