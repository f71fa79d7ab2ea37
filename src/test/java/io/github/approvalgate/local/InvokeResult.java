package io.github.approvalgate.local;

/**
 * What Lambda's Invoke API answers for a synchronous invocation.
 *
 * @param statusCode HTTP status (200 also when the function failed)
 * @param requestId {@code x-amzn-RequestId}
 * @param payload the function's response, or its error JSON ({@code errorMessage}, {@code errorType}, ...)
 * @param functionError {@code X-Amz-Function-Error} ({@code Unhandled}), null on success
 */
public record InvokeResult(int statusCode, String requestId, String payload, String functionError) {

    public boolean isError() {
        return functionError != null || statusCode >= 300;
    }

    static InvokeResult success(String requestId, String payload) {
        return new InvokeResult(200, requestId, payload, null);
    }

    static InvokeResult unhandled(String requestId, String errorJson) {
        return new InvokeResult(200, requestId, errorJson, "Unhandled");
    }
}
