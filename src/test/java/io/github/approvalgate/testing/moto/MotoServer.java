package io.github.approvalgate.testing.moto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A moto_server 5.2.1 child process, started through {@code src/test/moto/launch_moto.py} (which works around
 * getmoto/moto#10077), with Step Functions executing state machines.
 *
 * <p>
 * Needs {@code python3} on PATH with {@code moto[server]==5.2.1}. The launcher path can be overridden with the
 * system property {@value #LAUNCHER_PROPERTY}.
 */
public final class MotoServer implements AutoCloseable {

    public static final String LAUNCHER_PROPERTY = "approvalgate.moto.launcher";
    /** The Python interpreter that has moto installed. */
    public static final String PYTHON_PROPERTY = "approvalgate.python";
    static final String INSTALL_HINT = "install it with: pip install 'moto[server]==5.2.1' boto3 "
            + "(and make sure python3 is on PATH, or name the interpreter with -D" + PYTHON_PROPERTY + ")";
    private static final String EXECUTE_STATE_MACHINES = "{\"stepfunctions\": {\"execute_state_machine\": true}}";
    /**
     * Usually 2 to 4 s; on 2 cores busy with a parallel build, importing moto took more than 20 s. A dead server
     * still fails at once (its process ends, see the log tail).
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts moto on a free port.
     *
     * @param lambdaPort port of the local Lambda endpoint that moto's Step Functions Lambda tasks invoke
     *        ({@code http://localhost:<lambdaPort>/2015-03-31/functions/<arn>/invocations})
     */
    public static MotoServer start(int lambdaPort) {
        return start(OptionalInt.of(lambdaPort));
    }

    /**
     * Starts moto with no local Lambda endpoint: with {@code {"lambda": {"use_docker": false}}} configured, a
     * {@code waitForTaskToken} Lambda task then simply waits, its token readable from the execution history.
     */
    public static MotoServer startWithoutLambda() {
        return start(OptionalInt.empty());
    }

    private static MotoServer start(OptionalInt lambdaPort) {
        Path launcher = launcherScript();
        // moto binds the port itself, so another process can take it between freePort() and moto's bind: try again
        // on a new port when that happens.
        for (int attempt = 1;; attempt++) {
            try {
                return start(launcher, freePort(), lambdaPort);
            } catch (PortTakenException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw new IllegalStateException("moto_server found its port taken " + PORT_ATTEMPTS + " times",
                            e);
                }
            }
        }
    }

    private static MotoServer start(Path launcher, int port, OptionalInt lambdaPort) {
        Path log = Path.of(System.getProperty("user.dir"), "target", "moto-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(python(), launcher.toString(), "-H", "127.0.0.1", "-p",
                String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        lambdaPort.ifPresent(lambda -> builder.environment().put("MOTO_PORT", String.valueOf(lambda)));
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run python3 for moto_server; " + INSTALL_HINT, e);
        }
        MotoServer moto = new MotoServer(process, port, log);
        try {
            moto.awaitReady();
            moto.enableStateMachineExecution();
        } catch (RuntimeException e) {
            moto.close();
            if (moto.logTail().contains("Address already in use")) {
                throw new PortTakenException(port, e);
            }
            throw e;
        }
        return moto;
    }

    /** moto could not bind the port it was given. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException(int port, RuntimeException cause) {
            super("port " + port + " was taken", cause);
        }
    }

    /** The interpreter that runs moto (and boto3 in the tests): {@code -Dapprovalgate.python}, else python3. */
    public static String python() {
        return System.getProperty(PYTHON_PROPERTY, "python3");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    /** The request lines moto has logged so far, one per HTTP call it answered (to count a step's calls). */
    public List<String> requestLines() {
        try {
            return Files.readAllLines(log).stream()
                    .filter(line -> line.contains("\" ") && line.contains(" HTTP/1.1\""))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read moto's log " + log, e);
        }
    }

    /** Drops every resource in moto and turns state machine execution back on. */
    public void reset() {
        post("/moto-api/reset", "");
        enableStateMachineExecution();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path launcherScript() {
        String override = System.getProperty(LAUNCHER_PROPERTY);
        Path script = override != null
                ? Path.of(override)
                : Path.of(System.getProperty("user.dir"), "src", "test", "moto", "launch_moto.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("moto launcher not found at " + script.toAbsolutePath()
                    + "; run from the project root or set -D" + LAUNCHER_PROPERTY + "=<path to launch_moto.py>");
        }
        return script;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue() + hint() + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(endpoint().resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto_server", e);
            }
            sleep(100);
        }
        throw new IllegalStateException(
                "moto_server did not answer on " + endpoint() + " within " + START_TIMEOUT.toSeconds() + " s" + logTail());
    }

    /** Posts a moto configuration document, e.g. {@code {"lambda": {"use_docker": false}}}. */
    public void configure(String json) {
        post("/moto-api/config", json);
    }

    /** moto only executes state machines created after this config is posted. */
    private void enableStateMachineExecution() {
        post("/moto-api/config", EXECUTE_STATE_MACHINES);
    }

    private void post(String path, String body) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(endpoint().resolve(path))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "POST " + path + " to moto answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " to moto failed" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String hint() {
        String tail = logTail();
        return tail.contains("ModuleNotFoundError") || tail.contains("No module named") ? "; moto is missing: " + INSTALL_HINT
                : "";
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return " (no log at " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
