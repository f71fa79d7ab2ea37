package io.github.approvalgate.tools;

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

import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.it.LocalApprovalLoop;
import io.github.approvalgate.it.LocalApprovalLoop.WorkflowEnd;
import io.github.approvalgate.testing.bedrock.BedrockStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;

/**
 * The README's first command ({@code ./mvnw -q -Psandbox}): the whole approval loop on this machine, no AWS account.
 * Starts the local services and both packaged functions, starts a workflow with the sample Step Functions input,
 * shows the pending approval and lets you decide it from the command line.
 *
 * <p>
 * {@code -Dsandbox.decision=approve|reject|expire} decides without asking (for scripts and CI);
 * {@code -Dsandbox.review=human|ai|ai-then-human} picks the template's review mode: with an AI stage, the packaged
 * ai-review function asks the Bedrock stand-in, whose verdict {@code -Dsandbox.ai-verdict=approve|reject|malformed}
 * sets (default approve), and the sandbox shows the verdict and its reason before asking the person;
 * {@code -Dsandbox.mode=services} starts only the local services, for {@code quarkus:dev} (see {@link DevModeLocalServices});
 * {@code -Dsandbox.mode=benchmark} measures cold and warm starts (see {@link ColdStartBenchmark});
 * {@code -Dsandbox.mode=sweep-benchmark} the sweep's calls and time per run (see {@link SweepBenchmark});
 * {@code -Dsandbox.mode=pool-benchmark} start calls and time with a pool all but one full (see {@link PoolStartBenchmark}).
 */
public final class Sandbox {

    private static final PrintStream OUT = System.out;
    private static final Path FUNCTION_ZIP = Path.of("target", "function.zip");
    /** The sandbox's stack has a pool of pipelines (PipelineCount), so a request lands in any of them. */
    private static final int POOL_SIZE = 3;

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        switch (System.getProperty("sandbox.mode", "loop")) {
            case "services" -> DevModeLocalServices.run();
            case "benchmark" -> ColdStartBenchmark.run();
            case "sweep-benchmark" -> SweepBenchmark.run();
            case "pool-benchmark" -> PoolStartBenchmark.run();
            default -> runLoop();
        }
    }

    private static void runLoop() throws Exception {
        Optional<String> preset = Optional.ofNullable(System.getProperty("sandbox.decision"));
        ReviewMode review = reviewMode(System.getProperty("sandbox.review", "human"));
        say("Starting moto (S3, Step Functions, EventBridge), the CodePipeline stand-in and the functions (review mode %s)...",
                review.parameterValue());
        Instant started = Instant.now();
        try (LocalApprovalLoop loop = LocalApprovalLoop.startReadable(FUNCTION_ZIP, review, POOL_SIZE)) {
            if (review != ReviewMode.HUMAN) {
                loop.bedrock().answer(aiVerdict(System.getProperty("sandbox.ai-verdict", "approve")));
            }
            say("Ready in %d ms. moto: %s, CodePipeline stand-in: %s, pipelines: %s",
                    Duration.between(started, Instant.now()).toMillis(), loop.moto().endpoint(),
                    loop.codePipeline().endpoint(), String.join(", ", loop.pool()));

            String input = Files.readString(Path.of("src", "test", "resources", "events", "step-functions-input.json"));
            String execution = loop.startWorkflow(input);
            say("%nStarted workflow %s%n  with src/test/resources/events/step-functions-input.json", execution);

            if (review != ReviewMode.HUMAN) {
                LocalApprovalLoop.Delivery ai = waitFor(() -> loop.aiReviews().stream().findFirst(), "the AI review");
                say("%nAI reviewer (ai-review, Bedrock stand-in): %s", ai.result().payload());
                Optional<WorkflowEnd> ended = waitForEither(() -> loop.end(execution),
                        () -> loop.pendingApprovalOf(execution).filter(p -> !p.stage().equals("AiReview")
                                || ai.result().payload().contains("no-decision")));
                if (ended.isPresent()) {
                    report(loop, ended.get());
                    return;
                }
            }
            PendingApproval pending = waitFor(() -> loop.pendingApprovalOf(execution), "the approval request");
            String document = loop.s3().getObjectAsBytes(get -> get.bucket(LocalApprovalLoop.BUCKET)
                    .key(LocalApprovalLoop.KEY).versionId(pending.sourceVersionId())).asUtf8String();
            say("%nPending approval %s/%s in pipeline %s", pending.stage(), pending.action(), pending.pipelineName());
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

            report(loop, waitFor(() -> loop.end(execution), "the workflow to finish"));
        }
    }

    private static void report(LocalApprovalLoop loop, WorkflowEnd end) {
        say("%nWorkflow %s: %s", end.status(), String.join(" -> ", end.statesEntered()));
        say("  output: %s", end.output());
        say("  function logs: %s", loop.lambda().functionNames().stream().map(loop.lambda()::logOf).toList());
        say("%nStopping the local services.");
    }

    private static ReviewMode reviewMode(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "human" -> ReviewMode.HUMAN;
            case "ai" -> ReviewMode.AI;
            case "ai-then-human" -> ReviewMode.AI_THEN_HUMAN;
            default -> throw new IllegalArgumentException("sandbox.review must be human, ai or ai-then-human, not " + name);
        };
    }

    private static BedrockStandIn.Reply aiVerdict(String verdict) {
        return switch (verdict.toLowerCase(Locale.ROOT)) {
            case "approve" -> BedrockStandIn.Reply.verdict("approve", "The document is complete and within policy.");
            case "reject" -> BedrockStandIn.Reply.verdict("reject", "The document lacks the required sign-off.");
            case "malformed" -> BedrockStandIn.Reply.text("Probably fine, I guess.");
            default -> throw new IllegalArgumentException("sandbox.ai-verdict must be approve, reject or malformed");
        };
    }

    /** The first of the two to turn up: the workflow's end, or something else to continue with. */
    private static <T> Optional<WorkflowEnd> waitForEither(Supplier<Optional<WorkflowEnd>> end,
            Supplier<Optional<T>> other) throws InterruptedException {
        return waitFor(() -> end.get().map(Optional::of).or(() -> other.get().map(ignored -> Optional.empty())),
                "the AI stage's outcome");
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
