package io.github.approvalgate.result;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.github.approvalgate.pipeline.event.ActionExecutionStateChange;

/** Lambda entry point {@code approval-result}: target of the EventBridge rule on the approval action. */
@Named(ApprovalResultHandler.NAME)
public class ApprovalResultHandler implements RequestHandler<ActionExecutionStateChange, ApprovalResultOutcome> {

    public static final String NAME = "approval-result";

    @Inject
    ApprovalResultService service;

    @Override
    public ApprovalResultOutcome handleRequest(ActionExecutionStateChange event, Context context) {
        return service.handle(event);
    }
}
