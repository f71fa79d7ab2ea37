package io.github.approvalgate.tools;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.pipeline.PipelineStart;
import io.github.approvalgate.pipeline.PipelineStarter;
import io.github.approvalgate.pipeline.PipelineStarters;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * StartPipelineExecution calls per request and the time to start one, with a pool of 1 and of
 * {@link PipelineConfig#MAX_POOL_SIZE} pipelines when every pipeline but one is full
 * ({@code ./mvnw -q -Psandbox -Dsandbox.mode=pool-benchmark}).
 *
 * <p>
 * Method: start-approval's {@link PipelineStarter} (one warm JVM, the SDK's url-connection client) against the
 * CodePipeline stand-in on loopback, concurrency limit {@code -Dbenchmark.limit} (default 2) per pipeline. For each pool
 * size, every pipeline but the last is filled to its limit; then {@code -Dbenchmark.rounds} (default 200) requests, each
 * with a fresh token, start one execution each and that execution is stopped at once, so the pool stays all-but-one
 * full. Recorded per request: the stand-in's StartPipelineExecution calls and the wall time of {@code startFor}
 * (median, 90th percentile, maximum). 20 warm-up requests first. The report goes to {@code target/benchmark/pool.txt}.
 */
final class PoolStartBenchmark {

    private PoolStartBenchmark() {
    }

    static void run() throws Exception {
        int rounds = Integer.getInteger("benchmark.rounds", 200);
        int limit = Integer.getInteger("benchmark.limit", 2);
        StringBuilder report = new StringBuilder("pool size | calls per request (median, max) | startFor ms (median,"
                + " p90, max)\n");
        for (int size : List.of(1, PipelineConfig.MAX_POOL_SIZE)) {
            report.append(measure(size, limit, rounds)).append('\n');
        }
        Path out = Path.of("target", "benchmark", "pool.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }

    private static String measure(int size, int limit, int rounds) {
        List<String> pool = IntStream.rangeClosed(1, size).mapToObj(i -> "pool-" + i).toList();
        try (CodePipelineStandIn standIn = new CodePipelineStandIn();
                CodePipelineClient client = LocalAwsClients.codePipeline(standIn.endpoint())) {
            pool.forEach(name -> standIn.definePipeline(TemplatePipeline.definition(name, "bucket", "request.json")));
            standIn.concurrencyLimit(limit);
            standIn.deliverEvents(false);
            String free = pool.getLast();
            for (String pipeline : pool.subList(0, size - 1)) {
                for (int i = 0; i < limit; i++) {
                    standIn.startExecutionFor(pipeline, "filler-" + i);
                }
            }
            PipelineStarter starter = PipelineStarters.over(client, pool, new PrintStream(OutputStream.nullOutputStream()));
            List<Integer> calls = new ArrayList<>();
            List<Double> millis = new ArrayList<>();
            for (int i = -20; i < rounds; i++) {
                standIn.forgetCalls();
                long start = System.nanoTime();
                PipelineStart started = starter.startFor("v-" + i, Map.of(), "request-" + size + "-" + i).orElseThrow();
                long took = System.nanoTime() - start;
                if (!started.pipeline().equals(free)) {
                    throw new IllegalStateException("started in a full pipeline: " + started.pipeline());
                }
                if (i >= 0) {
                    calls.add(standIn.calls("StartPipelineExecution").size());
                    millis.add(took / 1e6);
                }
                standIn.stopExecution(free, started.executionId(), true, "benchmark");
            }
            Collections.sort(calls);
            Collections.sort(millis);
            return String.format("%d | %d, %d | %.2f, %.2f, %.2f", size, calls.get(calls.size() / 2), calls.getLast(),
                    millis.get(millis.size() / 2), millis.get(millis.size() * 9 / 10), millis.getLast());
        }
    }
}
