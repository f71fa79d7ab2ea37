package io.github.approvalgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import jakarta.inject.Named;

import org.junit.jupiter.api.Test;

import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.review.AiReviewHandler;
import io.github.approvalgate.sweep.ApprovalSweepHandler;

/** Each handler's name is its NAME constant; everything that selects a handler uses one of those. */
class HandlerNamesTest {

    @Test
    void eachHandlerIsNamedByItsConstantAndTheNamesDiffer() {
        assertEquals(StartApprovalHandler.NAME, StartApprovalHandler.class.getAnnotation(Named.class).value());
        assertEquals(ApprovalResultHandler.NAME, ApprovalResultHandler.class.getAnnotation(Named.class).value());
        assertEquals(ApprovalSweepHandler.NAME, ApprovalSweepHandler.class.getAnnotation(Named.class).value());
        assertEquals(AiReviewHandler.NAME, AiReviewHandler.class.getAnnotation(Named.class).value());
        List<String> names = List.of(StartApprovalHandler.NAME, ApprovalResultHandler.NAME, ApprovalSweepHandler.NAME,
                AiReviewHandler.NAME);
        assertEquals(names.size(), Set.copyOf(names).size(), names::toString);
    }

    @Test
    void devModeRunsStartApproval() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = HandlerNamesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertEquals(StartApprovalHandler.NAME, properties.getProperty("%dev.quarkus.lambda.handler"));
    }
}
