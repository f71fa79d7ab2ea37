package io.github.approvalgate.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.approvalgate.local.LocalApprovalLoop.WorkflowEnd;

/**
 * The README's first command ({@code ./mvnw -q -Psandbox}): the whole approval loop on this machine, no AWS account.
 * Starts the local services and both packaged functions, starts a workflow with the sample Step Functions input,
 * shows the pending approval and lets you decide it from the command line.
 *
 * <p>
 * {@code -Dsandbox.decision=approve|reject|expire} decides without asking (for scripts and CI);
 * {@code -Dsandbox.mode=services} starts only the local services, for {@code quarkus:dev} (see {@link DevServices});
 * {@code -Dsandbox.mode=benchmark} measures cold and warm starts (see {@link ColdStartBenchmark}).
 */
public final class Sandbox {

    private static final PrintStream OUT = System.out;
    private static final Path FUNCTION_ZIP = Path.of("target", "function.zip");

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        switch (System.getProperty("sandbox.mode", "loop")) {
            case "services" -> DevServices.run();
            case "benchmark" -> ColdStartBenchmark.run();
            default -> runLoop();
        }
    }

    private static void runLoop() throws Exception {
        Optional<String> preset = Optional.ofNullable(System.getProperty("sandbox.decision"));
        say("Starting moto (S3, Step Functions, EventBridge), the CodePipeline stand-in and both functions...");
        Instant started = Instant.now();
        try (LocalApprovalLoop loop = LocalApprovalLoop.start(FUNCTION_ZIP)) {
            say("Ready in %d ms. moto: %s, CodePipeline stand-in: %s", Duration.between(started, Instant.now()).toMillis(),
                    loop.moto().endpoint(), loop.codePipeline().endpoint());

            String input = Files.readString(Path.of("src", "test", "resources", "events", "step-functions-input.json"));
            String execution = loop.startWorkflow(input);
            say("%nStarted workflow %s%n  with src/test/resources/events/step-functions-input.json", execution);

            PendingApproval pending = waitFor(() -> loop.pendingApprovalOf(execution), "the approval request");
            String document = loop.s3().getObjectAsBytes(get -> get.bucket(LocalApprovalLoop.BUCKET)
                    .key(LocalApprovalLoop.KEY).versionId(pending.sourceVersionId())).asUtf8String();
            say("%nPending approval in pipeline %s", pending.pipelineName());
            say("  pipeline execution id : %s", pending.executionId());
            say("  S3 object version     : s3://%s/%s?versionId=%s", LocalApprovalLoop.BUCKET, LocalApprovalLoop.KEY,
                    pending.sourceVersionId());
            say("  document to review    : %s", document);

            String decision = preset.orElseGet(Sandbox::ask).toLowerCase(Locale.ROOT);
            switch (decision) {
                case "a", "approve" -> loop.codePipeline().approve(pending.pipelineName(), pending.executionId(),
                        "Approved from the sandbox");
                case "r", "reject" -> loop.codePipeline().reject(pending.pipelineName(), pending.executionId(),
                        "Rejected from the sandbox");
                case "e", "expire" -> loop.codePipeline().expire(pending.pipelineName(), pending.executionId());
                default -> {
                    say("No decision; stopping. The workflow was still waiting.");
                    return;
                }
            }

            WorkflowEnd end = waitFor(() -> loop.end(execution), "the workflow to finish");
            say("%nWorkflow %s: %s", end.status(), String.join(" -> ", end.statesEntered()));
            say("  output: %s", end.output());
            say("  function logs: %s, %s", loop.lambda().logOf("start-approval"), loop.lambda().logOf("approval-result"));
            say("%nStopping the local services.");
        }
    }

    private static String ask() {
        OUT.print("\nApprove, reject or let it expire? [a/r/e] ");
        OUT.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line.strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static <T> T waitFor(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(LocalApprovalLoop.patience());
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after "
                + LocalApprovalLoop.patience().toSeconds() + " s; see the logs under target/local-lambda/");
    }

    private static void say(String format, Object... args) {
        OUT.println(String.format(format, args));
    }
}
