package io.github.approvalgate.observe;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import com.amazonaws.services.lambda.runtime.Context;

@InvocationLogContext
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
class InvocationLogContextInterceptor {

    @AroundInvoke
    Object around(InvocationContext invocation) throws Exception {
        LogField.clearAll();
        for (Object parameter : invocation.getParameters()) {
            if (parameter instanceof Context lambda) {
                LogField.AWS_REQUEST_ID.set(lambda.getAwsRequestId());
            }
        }
        try {
            return invocation.proceed();
        } finally {
            LogField.clearAll();
        }
    }
}
