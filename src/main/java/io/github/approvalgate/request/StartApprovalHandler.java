package io.github.approvalgate.request;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.observe.InvocationLogContext;

/**
 * Lambda entry point {@code start-approval}: called by a Step Functions {@code waitForTaskToken} task. Takes the
 * Payload as a JSON tree so that a wrongly typed field is reported as an invalid request naming the field.
 */
@InvocationLogContext
@Named(StartApprovalHandler.NAME)
public class StartApprovalHandler implements RequestHandler<JsonNode, ApprovalStarted> {

    public static final String NAME = "start-approval";

    @Inject
    ApprovalRequestReader requests;

    @Inject
    StartApprovalService service;

    @Override
    public ApprovalStarted handleRequest(JsonNode payload, Context context) {
        return service.start(requests.read(payload));
    }
}
