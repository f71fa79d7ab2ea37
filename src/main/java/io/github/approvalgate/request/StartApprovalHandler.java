package io.github.approvalgate.request;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Lambda entry point {@code start-approval}: called by a Step Functions {@code waitForTaskToken} task. */
@Named(StartApprovalHandler.NAME)
public class StartApprovalHandler implements RequestHandler<ApprovalRequest, ApprovalStarted> {

    public static final String NAME = "start-approval";

    @Inject
    StartApprovalService service;

    @Override
    public ApprovalStarted handleRequest(ApprovalRequest request, Context context) {
        return service.start(request);
    }
}
