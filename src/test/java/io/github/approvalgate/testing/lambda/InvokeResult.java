package io.github.approvalgate.testing.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Lambda's Invoke API answers for a synchronous invocation.
 *
 * @param statusCode HTTP status (200 also when the function failed)
 * @param requestId {@code x-amzn-RequestId}
 * @param payload the function's response, or its error JSON ({@code errorMessage}, {@code errorType}, ...)
 * @param functionError {@code X-Amz-Function-Error} ({@code Unhandled}), null on success
 */
public record InvokeResult(int statusCode, String requestId, String payload, String functionError) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean isError() {
        return functionError != null || statusCode >= 300;
    }

    static InvokeResult success(String requestId, String payload) {
        return new InvokeResult(200, requestId, payload, null);
    }

    static InvokeResult unhandled(String requestId, String errorJson) {
        return new InvokeResult(200, requestId, errorJson, "Unhandled");
    }

    /** {@code {"errorMessage":..., "errorType":...}}, the shape Lambda uses for function errors. */
    static String errorJson(String errorType, String errorMessage) {
        ObjectNode node = JSON.createObjectNode();
        node.put("errorMessage", errorMessage);
        node.put("errorType", errorType);
        return node.toString();
    }
}
