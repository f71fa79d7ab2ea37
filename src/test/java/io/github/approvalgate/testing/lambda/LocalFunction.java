package io.github.approvalgate.testing.lambda;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.approvalgate.testing.http.Http;

/**
 * One deployed function: an unzipped package, one JVM running Lambda's runtime interface client on it (one
 * invocation at a time, like one Lambda execution environment), and the Lambda Runtime API that JVM polls.
 * After a timeout the JVM is replaced (Lambda resets the environment); if it dies or its init fails, the function
 * stays failed and every invocation fails fast with the tail of its log.
 */
public final class LocalFunction implements AutoCloseable {

    private static final String RUNTIME = "/2018-06-01/runtime/";
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final String LAMBDA_TASK_ROOT = "/var/task";

    private final FunctionConfig config;
    private final String account;
    private final Path dir;
    private final Path log;
    private final Duration startTimeout;
    private final LinkedBlockingDeque<Invocation> queue = new LinkedBlockingDeque<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-lambda-timer");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private volatile Generation current;
    private volatile String failure;
    private volatile boolean closed;
    private volatile Duration coldStart;

    /** An invocation waiting for, or being run by, the function. */
    record Invocation(String requestId, byte[] payload, String invokedArn, String clientContext,
            CompletableFuture<InvokeResult> result) {
    }

    private record Running(Invocation invocation, Generation generation, ScheduledFuture<?> timeout) {
    }

    /** One JVM of this function and the Runtime API server it polls. */
    private static final class Generation {
        final int number;
        final HttpServer server;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile Process process;
        volatile boolean retired;

        Generation(int number, HttpServer server) {
            this.number = number;
            this.server = server;
        }
    }

    LocalFunction(FunctionConfig config, String account, Path dir, Path log, Duration startTimeout) {
        this.config = config;
        this.account = account;
        this.dir = dir;
        this.log = log;
        this.startTimeout = startTimeout;
    }

    /** Unzips the package, starts the JVM and waits until it first polls for an invocation. */
    void start() throws IOException {
        if (!Files.isRegularFile(config.functionZip())) {
            throw new IllegalArgumentException("Function package not found: " + config.functionZip().toAbsolutePath());
        }
        TaskFiles.unzip(config.functionZip(), dir);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "");
        long t0 = System.nanoTime();
        Generation generation = launch(1);
        awaitReady(generation);
        coldStart = Duration.ofNanos(System.nanoTime() - t0);
    }

    public String name() {
        return config.name();
    }

    public String arn() {
        return "arn:aws:lambda:" + config.region() + ":" + account + ":function:" + config.name();
    }

    public FunctionConfig config() {
        return config;
    }

    /** The function's stdout and stderr. */
    public Path logFile() {
        return log;
    }

    /** The folder the package was unzipped into ({@code LAMBDA_TASK_ROOT}). */
    public Path taskRoot() {
        return dir;
    }

    /** {@code host:port} of this function's Runtime API ({@code AWS_LAMBDA_RUNTIME_API}). */
    public String runtimeApi() {
        Generation generation = current;
        return generation == null ? null : "127.0.0.1:" + generation.server.getAddress().getPort();
    }

    /** From starting the JVM to its first poll of {@code /next} (Lambda's init phase, plus JVM start). */
    public Duration coldStart() {
        return coldStart;
    }

    /** Process ID of the function's current JVM (-1 if none). */
    public long pid() {
        Generation generation = current;
        return generation == null || generation.process == null ? -1 : generation.process.pid();
    }

    /** No invocation is waiting for or being run by this function. */
    boolean idle() {
        return queue.isEmpty() && running.isEmpty();
    }

    /** Null while the function works; otherwise why it failed (with the tail of its log). */
    public String failure() {
        return failure;
    }

    /** Queues an invocation; the future completes with the function's answer, an error, or a timeout error. */
    Invocation submit(byte[] payload, String invokedArn, String clientContext) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload,
                invokedArn == null ? arn() : invokedArn, clientContext, new CompletableFuture<>());
        synchronized (lock) {
            if (closed) {
                invocation.result().complete(failed(invocation, "Runtime.Unavailable",
                        "Function " + name() + " was undeployed or LocalLambda closed"));
            } else if (failure != null) {
                invocation.result().complete(failed(invocation, "Runtime.ExitError", failure));
            } else {
                queue.add(invocation);
            }
        }
        return invocation;
    }

    // ---------------------------------------------------------------- process

    private Generation launch(int number) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Generation generation = new Generation(number, server);
        server.createContext(RUNTIME, exchange -> handleRuntime(generation, exchange));
        server.setExecutor(httpThreads);
        server.start();
        current = generation;

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long heapMb = Math.max(64, config.memoryMb() * 85L / 100);
        List<String> command = List.of(java,
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xmx" + heapMb + "m",
                "-D" + RicClasspath.JNI_PROPERTY + "=" + RicClasspath.jniLibrary(),
                "-cp", RicClasspath.get(),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", config.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear(); // like Lambda: no host environment (no HOME, no ~/.aws, no real credentials)
        env.putAll(lambdaEnvironment(server.getAddress().getPort(), path));
        env.putAll(config.env());
        // Lambda unzips the package at /var/task: options naming files in it (an AppCDS archive) point here instead.
        env.computeIfPresent("JAVA_TOOL_OPTIONS", (name, options) -> options.replace(LAMBDA_TASK_ROOT, dir.toString()));
        Files.writeString(log, "---- LocalLambda: starting " + name() + " (JVM #" + number + ") at " + Instant.now()
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Process process = builder.start();
        generation.process = process;
        process.onExit().thenRun(() -> onExit(generation));
        return generation;
    }

    private Map<String, String> lambdaEnvironment(int runtimePort, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimePort);
        env.put("AWS_LAMBDA_FUNCTION_NAME", name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java" + Runtime.version().feature());
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        // Lambda always hands the function credentials; dummy ones keep the SDK away from instance metadata.
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("_HANDLER", config.handler());
        env.put("LAMBDA_TASK_ROOT", dir.toString());
        return env;
    }

    private void awaitReady(Generation generation) {
        try {
            generation.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail(generation, "Function " + name() + " did not poll the Runtime API within " + startTimeout.toSeconds()
                    + " s");
            throw new IllegalStateException(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + name(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(failure != null ? failure : e.getCause().getMessage(), e.getCause());
        }
    }

    private void onExit(Generation generation) {
        if (generation.retired || closed) {
            return;
        }
        fail(generation, "Function " + name() + " exited with code " + generation.process.exitValue());
    }

    /** The function is broken: stop its JVM and fail what it was running, what waits, and what comes later. */
    private void fail(Generation generation, String reason) {
        synchronized (lock) {
            if (generation.retired || closed) {
                return;
            }
            generation.retired = true;
        }
        stopProcess(generation, Duration.ofSeconds(1));
        generation.server.stop(0);
        String message = failAll(reason);
        generation.ready.completeExceptionally(new IllegalStateException(message));
    }

    /** Marks the function failed and fails every waiting and running invocation; returns the full message. */
    private String failAll(String reason) {
        String message = reason + "\n---- tail of " + log + ":\n" + TaskFiles.logTail(log, 40);
        List<Invocation> victims = new ArrayList<>();
        synchronized (lock) {
            failure = message;
            queue.drainTo(victims);
        }
        running.values().removeIf(r -> {
            r.timeout().cancel(false);
            victims.add(r.invocation());
            return true;
        });
        for (Invocation invocation : victims) {
            invocation.result().complete(failed(invocation, "Runtime.ExitError", message));
        }
        return message;
    }

    /** Like Lambda after a timeout: throw the execution environment away and start a fresh one. */
    private void replace(Generation generation) {
        synchronized (lock) {
            if (generation.retired || closed) {
                return;
            }
            generation.retired = true;
        }
        stopProcess(generation, Duration.ZERO);
        generation.server.stop(0);
        try {
            Generation next = launch(generation.number + 1);
            awaitReady(next);
        } catch (IOException | RuntimeException e) {
            Generation broken = current;
            if (broken != generation) {
                broken.retired = true;
                stopProcess(broken, Duration.ZERO);
                broken.server.stop(0);
            }
            if (failure == null) {
                failAll("Function " + name() + " could not be restarted after a timeout: " + e.getMessage());
            }
        }
    }

    private static void stopProcess(Generation generation, Duration grace) {
        Process process = generation.process;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (grace.isZero()) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(Math.max(grace.toMillis(), 100), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        List<Invocation> victims = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.drainTo(victims);
        }
        running.values().forEach(r -> victims.add(r.invocation()));
        running.clear();
        for (Invocation invocation : victims) {
            invocation.result().complete(failed(invocation, "Runtime.Unavailable", "LocalLambda closed"));
        }
        Generation generation = current;
        if (generation != null) {
            stopProcess(generation, GRACE); // first, so that its pending poll is not cut off under it
            generation.retired = true;
            generation.server.stop(0);
        }
        timer.shutdownNow();
        httpThreads.shutdownNow();
        TaskFiles.deleteTree(dir);
    }

    // ---------------------------------------------------------------- Runtime API

    private void handleRuntime(Generation generation, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(RUNTIME.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(generation, exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                String id = path.substring("invocation/".length(), path.length() - "/response".length());
                finish(exchange, id, false);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                String id = path.substring("invocation/".length(), path.length() - "/error".length());
                finish(exchange, id, true);
            } else if (method.equals("GET") && path.equals("restore/next")) {
                // With AWS_LAMBDA_INITIALIZATION_TYPE=snap-start the runtime client asks here once init is done;
                // Lambda answers after taking the snapshot and restoring it (Lambda developer guide, "Lambda
                // SnapStart runtime hooks"). No snapshot is taken here: the restore is immediate.
                Http.send(exchange, 200, Map.of(), "");
            } else if (method.equals("POST") && path.equals("init/error")) {
                String body = new String(Http.body(exchange), StandardCharsets.UTF_8);
                Http.send(exchange, 202, Map.of(), "{\"status\":\"OK\"}");
                String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                timer.execute(() -> fail(generation, "Function " + name() + " failed to initialize ("
                        + (type == null ? "unknown error type" : type) + "): " + body));
            } else {
                Http.send(exchange, 404, Map.of(), InvokeResult.errorJson("NotFound", "Unknown Runtime API path: " + path));
            }
        }
    }

    private void next(Generation generation, HttpExchange exchange) throws IOException {
        generation.ready.complete(null);
        while (!generation.retired) {
            Invocation invocation;
            try {
                invocation = queue.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (invocation == null || invocation.result().isDone()) {
                continue;
            }
            if (generation.retired) {
                queue.addFirst(invocation);
                return;
            }
            long deadline = System.currentTimeMillis() + config.timeout().toMillis();
            ScheduledFuture<?> timeout = timer.schedule(() -> timedOut(invocation.requestId()),
                    config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            running.put(invocation.requestId(), new Running(invocation, generation, timeout));
            Map<String, String> headers = new HashMap<>();
            headers.put("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
            headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
            headers.put("Lambda-Runtime-Invoked-Function-Arn", invocation.invokedArn());
            headers.put("Lambda-Runtime-Trace-Id", traceId());
            if (invocation.clientContext() != null) {
                headers.put("Lambda-Runtime-Client-Context", invocation.clientContext());
            }
            try {
                Http.send(exchange, 200, headers, invocation.payload());
            } catch (IOException e) { // the runtime went away: give the invocation to the next one
                Running r = running.remove(invocation.requestId());
                if (r != null) {
                    r.timeout().cancel(false);
                    queue.addFirst(invocation);
                }
                throw e;
            }
            return;
        }
    }

    private void finish(HttpExchange exchange, String requestId, boolean error) throws IOException {
        byte[] body = Http.body(exchange);
        Running r = running.remove(requestId);
        if (r == null) {
            Http.send(exchange, 400, Map.of(), InvokeResult.errorJson("InvalidRequestID",
                    "Unknown or finished request ID: " + requestId));
            return;
        }
        r.timeout().cancel(false);
        Http.send(exchange, 202, Map.of(), "{\"status\":\"OK\"}");
        String text = new String(body, StandardCharsets.UTF_8);
        if (!error) {
            r.invocation().result().complete(InvokeResult.success(requestId, text));
        } else {
            if (text.isBlank()) {
                String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                text = InvokeResult.errorJson(type == null ? "Unhandled" : type, "The function reported an error");
            }
            r.invocation().result().complete(InvokeResult.unhandled(requestId, text));
        }
    }

    private void timedOut(String requestId) {
        Running r = running.remove(requestId);
        if (r == null) {
            return;
        }
        String message = String.format("%s %s Task timed out after %.2f seconds", Instant.now(), requestId,
                config.timeout().toMillis() / 1000.0);
        r.invocation().result().complete(InvokeResult.unhandled(requestId, InvokeResult.errorJson("Sandbox.Timedout",
                message)));
        appendLog("---- LocalLambda: " + message + "; replacing the JVM");
        Thread.ofVirtual().start(() -> replace(r.generation()));
    }

    // ---------------------------------------------------------------- helpers

    private static InvokeResult failed(Invocation invocation, String type, String message) {
        return InvokeResult.unhandled(invocation.requestId(), InvokeResult.errorJson(type, message));
    }

    private void appendLog(String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(root)
                + ";Parent=" + HexFormat.of().formatHex(parent) + ";Sampled=0";
    }
}
