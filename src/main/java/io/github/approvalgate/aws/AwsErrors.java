package io.github.approvalgate.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** What our outcomes and log lines say about an AWS service error. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** The service's error code, e.g. {@code TaskTimedOut}; the exception's class name when the SDK parsed none. */
    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    }
}
