package io.github.approvalgate.local;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Test profiles that select one handler, as {@code QUARKUS_LAMBDA_HANDLER} does in each deployed function. */
public final class HandlerProfiles {

    /** The Quarkus tests' log file, which {@link NoTokenInLogs} reads after every test. */
    public static final Path QUARKUS_LOG = Path.of("target", "quarkus.log");

    private HandlerProfiles() {
    }

    private static Map<String, String> selecting(String handler) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.lambda.handler", handler);
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", QUARKUS_LOG.toString());
        // Any free port: a fixed one (8081) collides with other builds on the machine.
        config.put("quarkus.lambda.mock-event-server.test-port", "0");
        return config;
    }

    public static class StartApproval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return selecting(StartApprovalHandler.NAME);
        }
    }

    public static class ApprovalResult implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return selecting(ApprovalResultHandler.NAME);
        }
    }

    public static class ApprovalSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return selecting(ApprovalSweepHandler.NAME);
        }
    }

    /** The sweep with pages of two executions and at most two pages, to reach its page budget. */
    public static class ApprovalSweepSmallPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = selecting(ApprovalSweepHandler.NAME);
            config.put("approval-gate.sweep.page-size", "2");
            config.put("approval-gate.sweep.max-pages", "2");
            return config;
        }
    }
}
