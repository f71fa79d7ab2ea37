package io.github.approvalgate.testing.logs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What the harness knows about task tokens in play, for {@link NoTokenInLogs}: every token a test created (read from
 * execution histories or recorded from the requests a test sent, never through the product's own token reader) and
 * every log a function wrote.
 *
 * <p>
 * Its public static methods take and return JDK types only: {@link NoTokenInLogs} calls them reflectively through
 * the test class's class loader, which for a {@code @QuarkusTest} is Quarkus's, not the extension's.
 */
public final class TaskTokenWitness {

    /** Logs some harness writes: {@link #settle} waits until what was started has been logged. */
    public interface Logs {
        /** Waits for the writers (function invocations, event forwarding) to finish what they started. */
        void settle();

        List<Path> files();
    }

    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();
    private static final List<Supplier<Collection<String>>> TOKEN_SOURCES = new CopyOnWriteArrayList<>();
    private static final List<Logs> LOGS = new CopyOnWriteArrayList<>();

    private TaskTokenWitness() {
    }

    /** A token a test created or sent. */
    public static void token(String token) {
        if (token != null && !token.isBlank()) {
            TOKENS.add(token);
        }
    }

    /** A live source of tokens (e.g. every execution history of a state machine), read at each check. */
    public static AutoCloseable tokenSource(Supplier<Collection<String>> source) {
        TOKEN_SOURCES.add(source);
        return () -> {
            source.get().forEach(TaskTokenWitness::token); // what it knew stays known once it is gone
            TOKEN_SOURCES.remove(source);
        };
    }

    /** Logs to check; they stay checked after their writer is closed (the final check reads them all). */
    public static void logs(Logs logs) {
        LOGS.add(logs);
    }

    /** Every token known so far. */
    public static Set<String> tokens() {
        TOKEN_SOURCES.forEach(source -> source.get().forEach(TaskTokenWitness::token));
        return new TreeSet<>(TOKENS);
    }

    /** Settles the newest writers first (a loop drives the functions it registered before it), then lists the logs. */
    public static List<Path> settledLogs() {
        List<Logs> newestFirst = new ArrayList<>(LOGS);
        java.util.Collections.reverse(newestFirst);
        newestFirst.forEach(Logs::settle);
        List<Path> files = new ArrayList<>();
        LOGS.forEach(logs -> files.addAll(logs.files()));
        return files;
    }
}
