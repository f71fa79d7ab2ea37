package io.github.approvalgate.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.infra.InfraTemplate;
import io.github.approvalgate.infra.RetryBudget;
import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.it.LocalApprovalLoop;
import io.github.approvalgate.sweep.ApprovalSweepHandler;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.lambda.FunctionConfig;
import io.github.approvalgate.testing.lambda.InvokeResult;
import io.github.approvalgate.testing.lambda.LocalLambda;
import io.github.approvalgate.testing.moto.MotoServer;
import io.github.approvalgate.token.TaskTokenStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Calls and time per sweep run ({@code ./mvnw -q -Psandbox -Dsandbox.mode=sweep-benchmark}), and the worst-case history
 * of every approval-timeout row.
 *
 * <p>
 * Method: the packaged {@code approval-sweep} ({@code target/function.zip}, one warm JVM through Lambda's runtime
 * interface client, the template's JVM options and sweep settings: 30-minute look-back, 7-day longest approval, pages
 * of 100, 20 pages, 40 s) against moto (S3) and the CodePipeline stand-in. For each size ({@code -Dbenchmark.sizes},
 * default 100,1000,10000) the stand-in holds that many executions, started over the last 7 days and all last changed 5
 * minutes ago (every one in the window), each rejected and its object version already marked delivered: the sweep's
 * steady state. One warm-up run, then {@code -Dbenchmark.rounds} (default 5) timed runs; recorded per run: the
 * stand-in's CodePipeline calls by operation, moto's S3 requests, and the invocation's wall time (median over the runs).
 * Then the same for one deadline check ({@code deadline_check} input) of such an execution. With
 * {@code -Dbenchmark.pool=20} the function sweeps a pool of that many pipelines and each size is spread evenly over
 * them (10,000 executions in a pool of 20: 500 per pipeline); the calls are the totals of one run. The report goes to
 * {@code target/benchmark/sweep.txt}.
 */
final class SweepBenchmark {

    private static final String FUNCTION = ApprovalSweepHandler.NAME;
    private static final String SCHEDULED_EVENT = "{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepBenchmark() {
    }

    static void run() throws Exception {
        int rounds = Integer.getInteger("benchmark.rounds", 5);
        List<String> pool = pool(Integer.getInteger("benchmark.pool", 1));
        List<Integer> sizes = List.of(System.getProperty("benchmark.sizes", "100,1000,10000").split(",")).stream()
                .map(String::strip).map(Integer::valueOf).toList();
        String load = ColdStartBenchmark.loadAverage();
        InfraTemplate template = InfraTemplate.load();
        StringBuilder report = new StringBuilder(String.format("""
                Approval Gate sweep, %s
                machine: %d cores, %s %s, JDK %s; load average before: %s; package %s; %d timed runs per size
                pool of %d pipeline(s), each size spread evenly over them
                executions in window | pages | ListPipelineExecutions | ListActionExecutions | S3 requests | median ms
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), load,
                ColdStartBenchmark.functionZip(), rounds, pool.size()));
        try (MotoServer moto = MotoServer.startWithoutLambda();
                CodePipelineStandIn codePipeline = new CodePipelineStandIn();
                LocalLambda lambda = new LocalLambda();
                S3Client s3 = LocalAwsClients.s3(moto.endpoint())) {
            pool.forEach(pipeline -> codePipeline.definePipeline(TemplatePipeline.definition(pipeline,
                    LocalApprovalLoop.BUCKET, LocalApprovalLoop.KEY)));
            LocalAwsClients.createVersionedBucket(moto.endpoint(), LocalApprovalLoop.BUCKET);
            String delivered = s3.putObject(put -> put.bucket(LocalApprovalLoop.BUCKET).key(LocalApprovalLoop.KEY),
                    RequestBody.fromString("delivered")).versionId();
            s3.putObjectTagging(tag -> tag.bucket(LocalApprovalLoop.BUCKET).key(LocalApprovalLoop.KEY)
                    .versionId(delivered).tagging(t -> t.tagSet(set -> set.key(TaskTokenStore.DECISION_TAG)
                            .value("rejected"))));
            // The template's timeout, not the local default: a run must be able to spend its whole time budget.
            lambda.deploy(FunctionConfig.of(FUNCTION, ColdStartBenchmark.functionZip(),
                    environment(template, moto, codePipeline, pool)).withTimeout(
                            Duration.ofSeconds(
                                    template.resource("ApprovalSweepFunction").path("Properties").path("Timeout").asLong())));

            String lastCheck = null;
            for (int size : sizes) {
                codePipeline.reset();
                Instant now = Instant.now();
                Duration week = Duration.ofDays(7);
                for (int i = 0; i < pool.size(); i++) {
                    int share = size / pool.size() + (i < size % pool.size() ? 1 : 0);
                    codePipeline.seedRejectedExecutions(pool.get(i), share, now.minus(week),
                            week.dividedBy(Math.max(1, share)), now.minusSeconds(300), delivered);
                }
                lastCheck = deadlineCheck(codePipeline);
                Run run = null;
                List<Double> millis = new ArrayList<>();
                try {
                    invoke(lambda, SCHEDULED_EVENT); // warm-up
                    for (int round = 0; round < rounds; round++) {
                        run = measure(lambda, moto, codePipeline, SCHEDULED_EVENT);
                        millis.add(run.millis());
                    }
                } catch (SweepFailedException e) {
                    // A run that cannot cover its window within the time budget fails, as in Lambda: a row of its own.
                    report.append(String.format("%,20d | the run failed: %s%n", size, e.getMessage()));
                    System.out.printf("%d executions: the run failed: %s%n", size, e.getMessage());
                    continue;
                }
                report.append(String.format("%,20d | %5d | %22d | %20d | %11d | %9.0f%n", size, run.report()
                        .path("pages").asInt(), run.calls().getOrDefault("ListPipelineExecutions", 0L),
                        run.calls().getOrDefault("ListActionExecutions", 0L), run.s3Requests(),
                        ColdStartBenchmark.median(millis)));
                System.out.printf("%d executions: %s, %d S3 requests, %.0f ms%n", size, run.calls(), run.s3Requests(),
                        ColdStartBenchmark.median(millis));
            }
            List<Double> millis = new ArrayList<>();
            Run check = null;
            for (int round = 0; round < rounds; round++) {
                check = measure(lambda, moto, codePipeline, lastCheck);
                millis.add(check.millis());
            }
            report.append(String.format("deadline check of one execution (already delivered): %s, %d S3 requests,"
                    + " median %.0f ms%n", new TreeMap<>(check.calls()), check.s3Requests(),
                    ColdStartBenchmark.median(millis)));
        }
        report.append(historyTable(template));
        Path out = Path.of("target", "benchmark", "sweep.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("\n" + report + "(also in " + out + ")");
    }

    private record Run(JsonNode report, Map<String, Long> calls, long s3Requests, double millis) {
    }

    private static Run measure(LocalLambda lambda, MotoServer moto, CodePipelineStandIn codePipeline, String input)
            throws Exception {
        codePipeline.forgetCalls();
        int s3Before = moto.requestLines().size();
        long start = System.nanoTime();
        JsonNode report = invoke(lambda, input);
        double millis = (System.nanoTime() - start) / 1e6;
        Map<String, Long> calls = codePipeline.callsByOperation();
        return new Run(report, calls, moto.requestLines().size() - s3Before, millis);
    }

    private static JsonNode invoke(LocalLambda lambda, String input) throws Exception {
        InvokeResult result = lambda.invoke(FUNCTION, input);
        if (result.isError()) {
            JsonNode error = JSON.readTree(result.payload());
            throw new SweepFailedException(error.path("errorMessage").asText(result.payload()));
        }
        return JSON.readTree(result.payload());
    }

    /** The function answered with an error: its message, without the stack trace. */
    private static final class SweepFailedException extends Exception {
        SweepFailedException(String message) {
            super(message.length() > 300 ? message.substring(0, 300) + "..." : message);
        }
    }

    /** The input of a deadline check of the newest seeded execution. */
    private static String deadlineCheck(CodePipelineStandIn codePipeline) throws Exception {
        try (var client = LocalAwsClients.codePipeline(codePipeline.endpoint())) {
            String execution = client.listPipelineExecutions(list -> list.pipelineName(LocalApprovalLoop.PIPELINE)
                    .maxResults(1)).pipelineExecutionSummaries().getFirst().pipelineExecutionId();
            return JSON.writeValueAsString(Map.of("deadline_check",
                    Map.of("pipeline", LocalApprovalLoop.PIPELINE, "pipeline_execution_id", execution)));
        }
    }

    /** The local pipeline, then {@code -2}, {@code -3}... as the template names a pool's pipelines. */
    private static List<String> pool(int size) {
        List<String> pool = new ArrayList<>(List.of(LocalApprovalLoop.PIPELINE));
        for (int slot = 2; slot <= size; slot++) {
            pool.add(LocalApprovalLoop.PIPELINE + "-" + slot);
        }
        return pool;
    }

    private static Map<String, String> environment(InfraTemplate template, MotoServer moto,
            CodePipelineStandIn codePipeline, List<String> pool) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_LAMBDA_HANDLER", ApprovalSweepHandler.NAME);
        env.put("JAVA_TOOL_OPTIONS", ColdStartBenchmark.jvmToolOptions(template));
        env.put("AWS_ENDPOINT_URL_S3", moto.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SFN", moto.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CODEPIPELINE", codePipeline.endpoint().toString());
        env.put("APPROVAL_GATE_PIPELINE_NAMES", String.join(",", pool));
        env.put("APPROVAL_GATE_PIPELINE_APPROVAL_ACTIONS", template.mapping("ReviewModes").path("Human")
                .path("ApprovalActions").asText());
        env.put("APPROVAL_GATE_SWEEP_LOOK_BACK", "PT" + template.parameter("SweepLookBackMinutes").path("Default")
                .asText() + "M");
        env.put("APPROVAL_GATE_SWEEP_MAX_APPROVAL_AGE", "PT" + template.parameter("ApprovalTimeoutMinutes")
                .path("Default").asText() + "M");
        return env;
    }

    /** Worst-case history and waits per approval-timeout row ({@link RetryBudget}), one and two approval stages. */
    static String historyTable(InfraTemplate template) {
        StringBuilder table = new StringBuilder(String.format(
                "%nworst case per approval-timeout row (history limit %,d of %,d events)%n"
                        + "minutes | busy attempts | delay cap s | worst history | worst retry wait d | execution timeout d"
                        + " (1 / 2 stages)%n",
                RetryBudget.HISTORY_LIMIT, RetryBudget.HISTORY_QUOTA));
        template.mapping("ApprovalTimeout").fieldNames().forEachRemaining(row -> {
            RetryBudget one = RetryBudget.of(template, row, ReviewMode.HUMAN);
            RetryBudget two = RetryBudget.of(template, row, ReviewMode.AI_THEN_HUMAN);
            table.append(String.format("%7s | %13d | %11d | %,13d | %18.1f | %.1f / %.1f%n", row, one.busyAttempts(),
                    template.mapping("ApprovalTimeout").path(row).path("BusyRetryMaxDelaySeconds").asLong(),
                    Math.max(one.worstHistoryEvents(), two.worstHistoryEvents()), one.worstRetryWaitSeconds() / 86400.0,
                    one.executionTimeoutSeconds() / 86400.0, two.executionTimeoutSeconds() / 86400.0));
        });
        return table.toString();
    }
}
