package io.github.approvalgate.testing.logs;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Task tokens are secrets: after every test, no token the tests created may appear in any function log
 * ({@code LocalLambda}, one file per deployment) nor, for a {@code @QuarkusTest}, in the Quarkus test log
 * ({@link #QUARKUS_LOG}, which {@code HandlerProfiles} configures). Registered for every test class by JUnit's extension
 * auto-detection
 * ({@code META-INF/services}, switched on in the pom); a class with no tokens and no logs costs nothing.
 *
 * <p>
 * No race with a function's last line: function logs are read once no invocation is queued or running (a function
 * logs before it answers) and again, whole, after the class (its JVMs stopped); the Quarkus log once a marker written
 * after the test shows in the file.
 */
public final class NoTokenInLogs implements AfterEachCallback, AfterAllCallback {

    /** The Quarkus tests' log file ({@code quarkus.log.file.path} in every handler profile), read after every test. */
    public static final Path QUARKUS_LOG = Path.of("target", "quarkus.log");

    private static final Logger LOG = Logger.getLogger(NoTokenInLogs.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** How far each log has been checked, so that a leak fails the test that caused it, not every later one. */
    private static final Map<Path, Long> CHECKED = new ConcurrentHashMap<>();

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        check(context, false);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        check(context, true);
    }

    private static void check(ExtensionContext context, boolean whole) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Class<?> witness = Class.forName(TaskTokenWitness.class.getName(), true, testClass.getClassLoader());
        @SuppressWarnings("unchecked")
        List<Path> logs = new ArrayList<>((List<Path>) call(witness, "settledLogs"));
        if (isQuarkusTest(testClass)) {
            logs.add(whole ? QUARKUS_LOG.toAbsolutePath() : settledQuarkusLog());
        }
        @SuppressWarnings("unchecked")
        Collection<String> tokens = (Collection<String>) call(witness, "tokens");
        for (Path log : logs) {
            String text = read(log, whole);
            for (String token : tokens) {
                if (text.contains(token)) {
                    throw new AssertionError(log + " holds one of the " + tokens.size()
                            + " task tokens the tests created: tokens must never be logged");
                }
            }
        }
    }

    private static Object call(Class<?> witness, String method) throws Exception {
        Method m = witness.getMethod(method);
        return m.invoke(null);
    }

    private static boolean isQuarkusTest(Class<?> testClass) {
        return Arrays.stream(testClass.getAnnotations())
                .anyMatch(a -> a.annotationType().getName().equals("io.quarkus.test.junit.QuarkusTest"));
    }

    /** Logs a marker through Quarkus's logging and waits for it in the file: every earlier line is there too. */
    private static Path settledQuarkusLog() {
        Path log = QUARKUS_LOG.toAbsolutePath();
        String marker = "no-token-in-logs marker " + UUID.randomUUID();
        LOG.info(marker);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .alias("the marker reaches " + log + " (is quarkus.log.file set by HandlerProfiles?)")
                .until(() -> Files.exists(log) && Files.readString(log).contains(marker));
        return log;
    }

    /** The part of the log not yet checked (all of it when {@code whole}). */
    private static String read(Path log, boolean whole) {
        if (!Files.exists(log)) {
            return "";
        }
        try {
            byte[] bytes = Files.readAllBytes(log);
            long from = whole ? 0 : Math.min(CHECKED.getOrDefault(log, 0L), bytes.length);
            CHECKED.put(log, (long) bytes.length);
            return new String(bytes, (int) from, bytes.length - (int) from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
