package io.github.approvalgate.review;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.github.approvalgate.observe.InvocationLogContext;
import io.github.approvalgate.pipeline.event.CodePipelineStateChange;

/** Lambda entry point {@code ai-review}: target of the EventBridge rule on the AI approval action's STARTED event. */
@InvocationLogContext
@Named(AiReviewHandler.NAME)
public class AiReviewHandler implements RequestHandler<CodePipelineStateChange, AiReviewOutcome> {

    public static final String NAME = "ai-review";

    @Inject
    AiReviewService service;

    @Override
    public AiReviewOutcome handleRequest(CodePipelineStateChange event, Context context) {
        return service.review(event);
    }
}
