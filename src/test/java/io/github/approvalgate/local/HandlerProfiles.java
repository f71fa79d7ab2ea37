package io.github.approvalgate.local;

import java.util.Map;

import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Test profiles that select one handler, as {@code QUARKUS_LAMBDA_HANDLER} does in each deployed function. */
public final class HandlerProfiles {

    private HandlerProfiles() {
    }

    public static class StartApproval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", StartApprovalHandler.NAME);
        }
    }

    public static class ApprovalResult implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", ApprovalResultHandler.NAME);
        }
    }

    public static class ApprovalSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", ApprovalSweepHandler.NAME);
        }
    }

    /** The sweep with pages of two executions and at most two pages, to reach its page budget. */
    public static class ApprovalSweepSmallPages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", ApprovalSweepHandler.NAME,
                    "approval-gate.sweep.page-size", "2",
                    "approval-gate.sweep.max-pages", "2");
        }
    }
}
