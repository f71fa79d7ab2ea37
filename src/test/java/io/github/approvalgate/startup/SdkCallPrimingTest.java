package io.github.approvalgate.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Priming swallows its errors (a failed call only leaves its work to the first real call), so this is where a malformed
 * offline answer shows: every call must go through the url-connection client to its loopback server and parse the answer,
 * with no credentials.
 */
class SdkCallPrimingTest {

    @Test
    void everyPrimingCallParsesItsLocalAnswer() throws Exception {
        assertEquals(List.of(), SdkCallPriming.primeLocally());
    }
}
