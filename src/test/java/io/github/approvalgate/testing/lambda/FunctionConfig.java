package io.github.approvalgate.testing.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A function to deploy on {@link LocalLambda}.
 *
 * @param name function name (the last part of its ARN)
 * @param functionZip the deployment package (for Quarkus: {@code target/function.zip})
 * @param env environment of the function (added to the Lambda-defined variables; wins over their defaults)
 * @param handler {@code _HANDLER}; Quarkus: {@link #QUARKUS_HANDLER}
 * @param memoryMb {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}; the heap is sized from it as Lambda does
 * @param timeout per-invocation timeout (Lambda's function timeout)
 */
public record FunctionConfig(String name, Path functionZip, Map<String, String> env, String handler, int memoryMb,
        Duration timeout) {

    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MEMORY_MB = 512;

    public FunctionConfig {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("Invalid function name: " + name);
        }
        Objects.requireNonNull(functionZip, "functionZip");
        env = Map.copyOf(env == null ? Map.of() : env);
        Objects.requireNonNull(handler, "handler");
        if (memoryMb < 128) {
            throw new IllegalArgumentException("memoryMb < 128: " + memoryMb);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public static FunctionConfig of(String name, Path functionZip, Map<String, String> env) {
        return new FunctionConfig(name, functionZip, env, QUARKUS_HANDLER, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT);
    }

    public FunctionConfig withHandler(String handler) {
        return new FunctionConfig(name, functionZip, env, handler, memoryMb, timeout);
    }

    public FunctionConfig withMemoryMb(int memoryMb) {
        return new FunctionConfig(name, functionZip, env, handler, memoryMb, timeout);
    }

    public FunctionConfig withTimeout(Duration timeout) {
        return new FunctionConfig(name, functionZip, env, handler, memoryMb, timeout);
    }

    String region() {
        return env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    }
}
