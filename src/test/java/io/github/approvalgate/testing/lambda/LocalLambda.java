package io.github.approvalgate.testing.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import io.github.approvalgate.testing.http.Http;
import io.github.approvalgate.testing.http.LoopbackServer;
import io.github.approvalgate.testing.logs.TaskTokenWitness;

/**
 * A local AWS Lambda for tests and the sandbox: runs deployment packages exactly as Lambda's Java runtime does
 * (Lambda's runtime interface client in its own JVM, polling a Lambda Runtime API), and serves Lambda's Invoke
 * API on {@link #endpoint()} so that Step Functions (moto_server with {@code MOTO_PORT}) or any SDK can call them.
 *
 * <pre>{@code
 * try (LocalLambda lambda = new LocalLambda()) {
 *     lambda.deploy("start-approval", Path.of("target/function.zip"), Map.of("QUARKUS_LAMBDA_HANDLER", "start-approval"));
 *     InvokeResult result = lambda.invoke("start-approval", "{...}");
 * }
 * }</pre>
 */
public final class LocalLambda implements AutoCloseable {

    /** moto's default account, so the ARNs match what moto's Step Functions hands out. */
    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();
    private static final Duration SETTLE_PATIENCE = Duration.ofSeconds(60);

    private final Path workDir;
    private final String account;
    private final Duration startTimeout;
    private final LoopbackServer server;
    private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, Path> latestLogs = new ConcurrentHashMap<>();
    private final List<Path> logs = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Works under {@code target/local-lambda}, account {@value #DEFAULT_ACCOUNT}, start timeout 60 s. */
    public LocalLambda() {
        this(Path.of("target", "local-lambda"), DEFAULT_ACCOUNT, DEFAULT_START_TIMEOUT);
    }

    /**
     * @param workDir where packages are unzipped ({@code <name>-<n>/}) and logs written ({@code <name>-<n>.log}, one
     *        per deployment, never emptied)
     * @param account account ID in function ARNs
     * @param startTimeout how long {@link #deploy} waits for a function to become ready
     */
    public LocalLambda(Path workDir, String account, Duration startTimeout) {
        this.workDir = workDir.toAbsolutePath();
        this.account = account;
        this.startTimeout = startTimeout;
        try {
            Files.createDirectories(this.workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new LoopbackServer(this::handleInvokeApi);
        TaskTokenWitness.logs(new TaskTokenWitness.Logs() {
            @Override
            public void settle() {
                if (!awaitIdle(SETTLE_PATIENCE)) {
                    throw new IllegalStateException("functions still busy after " + SETTLE_PATIENCE.toSeconds() + " s");
                }
            }

            @Override
            public List<Path> files() {
                return logFiles();
            }
        });
    }

    /** Base URL of the Invoke API, e.g. {@code http://127.0.0.1:41234} (give its port to moto as MOTO_PORT). */
    public URI endpoint() {
        return server.endpoint();
    }

    public int port() {
        return server.port();
    }

    /** Deploys {@code functionZip} as {@code name} with the Quarkus handler; see {@link #deploy(FunctionConfig)}. */
    public LocalFunction deploy(String name, Path functionZip, Map<String, String> env) {
        return deploy(FunctionConfig.of(name, functionZip, env));
    }

    /**
     * Unzips the package into a fresh folder, starts its JVM and returns once it polls for its first invocation.
     * A function already deployed under that name is replaced.
     *
     * @throws IllegalStateException if the function does not get ready (init error, exit, timeout), with its log tail
     */
    public LocalFunction deploy(FunctionConfig config) {
        if (closed) {
            throw new IllegalStateException("LocalLambda is closed");
        }
        undeploy(config.name());
        Path dir;
        Path log;
        do { // earlier runs leave their logs behind, and other LocalLambdas may share the folder
            String deployment = config.name() + "-" + DEPLOYMENTS.incrementAndGet();
            dir = workDir.resolve(deployment);
            log = workDir.resolve(deployment + ".log");
        } while (Files.exists(dir) || Files.exists(log));
        latestLogs.put(config.name(), log);
        logs.add(log);
        LocalFunction function = new LocalFunction(config, account, dir, log, startTimeout);
        try {
            function.start();
        } catch (IOException e) {
            function.close();
            throw new UncheckedIOException("Cannot deploy " + config.name(), e);
        } catch (RuntimeException e) {
            function.close();
            throw e;
        }
        functions.put(config.name(), function);
        return function;
    }

    /** Stops a function and removes it; unknown names are ignored. */
    public void undeploy(String name) {
        LocalFunction old = functions.remove(name);
        if (old != null) {
            old.close();
        }
    }

    public Set<String> functionNames() {
        return new TreeSet<>(functions.keySet());
    }

    public LocalFunction function(String name) {
        return functions.get(name);
    }

    /**
     * The log file of the latest deployment of {@code name} (stdout and stderr): {@code <workDir>/<name>-<n>.log}.
     *
     * @throws IllegalArgumentException if no function of that name was ever deployed here
     */
    public Path logOf(String name) {
        Path log = latestLogs.get(name);
        if (log == null) {
            throw new IllegalArgumentException("No function " + name + " was deployed (deployed: " + latestLogs.keySet()
                    + ")");
        }
        return log;
    }

    /** Content of {@link #logOf}, or "" if there is none yet. */
    public String logText(String name) {
        try {
            Path log = logOf(name);
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every log this LocalLambda wrote, one per deployment, including undeployed functions'. */
    public List<Path> logFiles() {
        return List.copyOf(logs);
    }

    /**
     * Waits until no function has an invocation queued or running: then each function has written its log lines
     * for every invocation so far (they precede its answer).
     *
     * @return false if invocations were still under way after {@code patience}
     */
    public boolean awaitIdle(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!functions.values().stream().allMatch(LocalFunction::idle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Synchronous invocation (RequestResponse) without HTTP; {@code functionName} as in the Invoke API (name,
     * {@code name:qualifier} or ARN). Waits until the function answers, fails or times out.
     *
     * @throws IllegalArgumentException if no such function is deployed
     */
    public InvokeResult invoke(String functionName, String payloadJson) {
        LocalFunction function = require(functionName);
        var invocation = function.submit(payloadJson.getBytes(StandardCharsets.UTF_8),
                invokedArn(function, functionName), null);
        return await(invocation);
    }

    /** Asynchronous invocation (InvocationType Event): queued, returns its request ID at once. */
    public String invokeAsync(String functionName, String payloadJson) {
        LocalFunction function = require(functionName);
        return function.submit(payloadJson.getBytes(StandardCharsets.UTF_8), invokedArn(function, functionName),
                null).requestId();
    }

    @Override
    public void close() {
        closed = true;
        server.close();
        functions.values().parallelStream().forEach(LocalFunction::close);
        functions.clear();
    }

    // ---------------------------------------------------------------- Invoke API

    private void handleInvokeApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(INVOKE_PREFIX) || !path.endsWith("/invocations")
                    || !exchange.getRequestMethod().equals("POST")) {
                Http.body(exchange);
                Http.send(exchange, 404, Map.of("x-amzn-ErrorType", "UnknownOperationException"),
                        "{\"Type\":\"User\",\"message\":\"Unknown operation " + exchange.getRequestMethod() + " "
                                + path.replace("\"", "'") + "\"}");
                return;
            }
            String functionName = URLDecoder.decode(
                    path.substring(INVOKE_PREFIX.length(), path.length() - "/invocations".length()),
                    StandardCharsets.UTF_8);
            byte[] payload = Http.body(exchange);
            LocalFunction function = functions.get(functionName(functionName));
            if (function == null) {
                String message = "Function not found: " + (functionName.startsWith("arn:") ? functionName
                        : "arn:aws:lambda:us-east-1:" + account + ":function:" + functionName);
                Http.send(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException",
                        "x-amzn-RequestId", java.util.UUID.randomUUID().toString()),
                        "{\"Type\":\"User\",\"message\":\"" + message.replace("\"", "'") + "\"}");
                return;
            }
            String invocationType = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if ("DryRun".equals(invocationType)) {
                Http.send(exchange, 204, Map.of("x-amzn-RequestId", java.util.UUID.randomUUID().toString()),
                        new byte[0]);
                return;
            }
            var invocation = function.submit(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload,
                    invokedArn(function, functionName), clientContext(exchange));
            if ("Event".equals(invocationType)) {
                Http.send(exchange, 202, Map.of("x-amzn-RequestId", invocation.requestId()), new byte[0]);
                return;
            }
            InvokeResult result = await(invocation);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("x-amzn-RequestId", result.requestId());
            headers.put("X-Amz-Executed-Version", "$LATEST");
            if (result.functionError() != null) {
                headers.put("X-Amz-Function-Error", result.functionError());
            }
            Http.send(exchange, result.statusCode(), headers, result.payload());
        }
    }

    /**
     * The function name in an Invoke API path segment (already URL-decoded): {@code name},
     * {@code name:qualifier}, {@code account:function:name[:qualifier]} or
     * {@code arn:aws:lambda:region:account:function:name[:qualifier]}. The qualifier is ignored.
     */
    static String functionName(String segment) {
        String[] parts = segment.split(":");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("function")) {
                return parts[i + 1];
            }
        }
        return parts[0];
    }

    private String invokedArn(LocalFunction function, String requested) {
        if (requested.startsWith("arn:")) {
            return requested;
        }
        String[] parts = requested.split(":");
        String last = parts[parts.length - 1];
        boolean qualified = parts.length > 1 && !last.equals(function.name());
        return qualified ? function.arn() + ":" + last : function.arn();
    }

    private static String clientContext(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("X-Amz-Client-Context");
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private LocalFunction require(String functionName) {
        LocalFunction function = functions.get(functionName(functionName));
        if (function == null) {
            throw new IllegalArgumentException("Function not found: " + functionName + " (deployed: "
                    + functionNames() + ")");
        }
        return function;
    }

    private static InvokeResult await(LocalFunction.Invocation invocation) {
        try {
            return invocation.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + invocation.requestId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
