package io.github.approvalgate.startup;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context of the priming probe: no request, nobody to answer. */
final class PrimingContext implements Context {

    static final PrimingContext INSTANCE = new PrimingContext();
    private static final String NONE = "priming";

    private PrimingContext() {
    }

    @Override
    public String getAwsRequestId() {
        return NONE;
    }

    @Override
    public String getLogGroupName() {
        return NONE;
    }

    @Override
    public String getLogStreamName() {
        return NONE;
    }

    @Override
    public String getFunctionName() {
        return NONE;
    }

    @Override
    public String getFunctionVersion() {
        return NONE;
    }

    @Override
    public String getInvokedFunctionArn() {
        return NONE;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 0;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 0;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
