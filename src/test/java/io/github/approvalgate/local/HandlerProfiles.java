package io.github.approvalgate.local;

import java.util.Map;

import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
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
}
