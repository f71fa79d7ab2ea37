package io.github.approvalgate.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.ApprovalStarted;
import io.github.approvalgate.request.InvalidApprovalRequestException;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The priming probe must never reach AWS, whichever handler a function runs. Here every AWS endpoint is a closed
 * port and there are no credentials: any attempt to call AWS would end in an {@link SdkException}.
 */
@QuarkusTest
@TestProfile(HandlerPrimingTest.NoAws.class)
class HandlerPrimingTest {

    /** start-approval selected (one must be), a SnapStart init (so priming runs), every endpoint unreachable. */
    public static class NoAws extends HandlerProfiles.StartApproval {
        private static final String CLOSED = "http://127.0.0.1:1";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.putAll(Map.of(
                    "quarkus.s3.endpoint-override", CLOSED,
                    "approval-gate.sfn.endpoint-override", CLOSED,
                    "approval-gate.codepipeline.endpoint-override", CLOSED,
                    "approval-gate.pipeline.names", "primed-pipeline",
                    InitializationType.PROPERTY, InitializationType.SNAP_START.value()));
            return config;
        }
    }

    @Inject
    ObjectMapper json;

    @Inject
    StartupPriming priming;

    @Inject
    HandlerPriming handlerPriming;

    @Inject
    @Any
    Instance<RequestHandler<?, ?>> handlers;

    @Test
    void aSnapStartInitPrimesWithAwsUnreachable() {
        StartupPriming.Run run = priming.run().orElseThrow();
        assertEquals(InitializationType.SNAP_START, run.type());
        assertTrue(run.primedIn().isPresent(), "priming ran at init and the application still started");
    }

    @Test
    void everyHandlerTurnsTheProbeDownWithoutCallingAws() throws Exception {
        List<String> named = new ArrayList<>();
        for (var handle : handlers.handles()) {
            Class<?> handlerClass = handle.getBean().getBeanClass();
            Named name = handlerClass.getAnnotation(Named.class);
            if (name == null) {
                continue;
            }
            named.add(name.value());
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) handle.get();
            Object input = json.readerFor(json.constructType(HandlerPriming.inputType(handlerClass)))
                    .readValue(HandlerPriming.PROBE);
            try {
                handler.handleRequest(input, PrimingContext.INSTANCE);
            } catch (RuntimeException turnedDown) {
                assertFalse(causedByAws(turnedDown), () -> name.value() + " tried to call AWS on the priming probe: "
                        + turnedDown);
            }
        }
        assertTrue(named.size() >= 2, "every @Named handler is probed: " + named);
    }

    @Test
    void theProbeReachesTheSelectedHandlerWhichTurnsItDown() {
        // start-approval's own answer to a request with none of its fields: the probe went through Jackson, the
        // handler and its reader, not stopped on the way.
        Exception turnedDown = handlerPriming.probe().orElseThrow();
        assertInstanceOf(InvalidApprovalRequestException.class, turnedDown, turnedDown::toString);
    }

    @Test
    void outputRecordsCanBeWrittenEmpty() throws Exception {
        int written = 0;
        for (var handle : handlers.handles()) {
            var output = HandlerPriming.outputRecord(handle.getBean().getBeanClass());
            if (output.isPresent()) {
                Object empty = HandlerPriming.emptyInstance(output.get()).orElseThrow();
                assertNotNull(json.writeValueAsString(empty));
                written++;
            }
        }
        assertTrue(written >= 2, "start-approval and approval-result both answer with a record");
    }

    @Test
    void primesOnlyOurRecordsRegisteredForReflection() {
        var records = HandlerPriming.payloadRecords(List.of(
                ApprovalRequest.class.getName(),
                ApprovalStarted.class.getName() + "  ",
                StartApprovalService.class.getName(),
                "io.github.approvalgate.NoSuchRecord",
                "java.lang.Record"));
        assertEquals(List.of(ApprovalRequest.class, ApprovalStarted.class), records);
    }

    private static boolean causedByAws(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SdkException) {
                return true;
            }
        }
        return false;
    }
}
