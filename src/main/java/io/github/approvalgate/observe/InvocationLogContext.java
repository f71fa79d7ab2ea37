package io.github.approvalgate.observe;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * On a handler: each invocation starts with an empty logging context holding only its Lambda request id, and leaves
 * nothing behind for the next invocation on the same thread ({@link InvocationLogContextInterceptor}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface InvocationLogContext {
}
