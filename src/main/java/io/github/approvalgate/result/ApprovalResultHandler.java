package io.github.approvalgate.result;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.github.approvalgate.decision.DeliveryOutcome;
import io.github.approvalgate.observe.InvocationLogContext;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;

/** Lambda entry point {@code approval-result}: target of the EventBridge rules on the approval action and pipeline. */
@InvocationLogContext
@Named(ApprovalResultHandler.NAME)
public class ApprovalResultHandler implements RequestHandler<CodePipelineStateChange, DeliveryOutcome> {

    public static final String NAME = "approval-result";

    @Inject
    ApprovalResultService service;

    @Override
    public DeliveryOutcome handleRequest(CodePipelineStateChange event, Context context) {
        return service.handle(event);
    }
}
