package io.github.approvalgate.testing.codepipeline;

/** An AWS service error: answered as HTTP 400 with {@code {"__type": type, "message": message}}. */
public final class ServiceError extends RuntimeException {

    private final String type;

    ServiceError(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
