package io.github.approvalgate.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.approvalgate.request.StartApprovalHandler;

/**
 * Cold and warm start of the packaged JVM function ({@code ./mvnw -q -Psandbox -Dsandbox.mode=benchmark}).
 *
 * <p>
 * Method: for each round, a fresh JVM runs {@code target/function.zip} through Lambda's runtime interface client
 * (as the {@code java25}/{@code java21} runtimes do, without SnapStart), as start-approval against moto's S3 and the
 * CodePipeline stand-in, with the template's default 256 MB of memory. It records: init (JVM start to the first poll of the Runtime API), the first invocation (SDK
 * clients built, first S3 write and pipeline start), the median of 20 warm invocations, and the JVM's resident memory
 * after them. Reports median and 90th percentile over the rounds ({@code -Dbenchmark.rounds}, default 10) with the
 * machine. Loopback emulators make the AWS calls cheaper than in AWS: compare runs, not absolute numbers.
 */
final class ColdStartBenchmark {

    private static final int WARM_INVOCATIONS = 20;
    /** The template's default function memory; the heap is sized from it as Lambda's Java runtime does. */
    private static final int MEMORY_MB = 256;

    private ColdStartBenchmark() {
    }

    static void run() throws IOException {
        int rounds = Integer.getInteger("benchmark.rounds", 10);
        List<Double> init = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<Double> rssMb = new ArrayList<>();
        try (MotoServer moto = MotoServer.startWithoutLambda();
                CodePipelineStandIn codePipeline = new CodePipelineStandIn();
                LocalLambda lambda = new LocalLambda()) {
            codePipeline.definePipeline(LocalApprovalLoop.PIPELINE, LocalApprovalLoop.BUCKET, LocalApprovalLoop.KEY);
            LocalAwsClients.createVersionedBucket(moto.endpoint(), LocalApprovalLoop.BUCKET);
            Map<String, String> env = new HashMap<>(Map.of(
                    "QUARKUS_LAMBDA_HANDLER", StartApprovalHandler.NAME,
                    "APPROVAL_GATE_PIPELINE_NAME", LocalApprovalLoop.PIPELINE,
                    "AWS_ENDPOINT_URL_S3", moto.endpoint().toString(),
                    "AWS_ENDPOINT_URL_CODEPIPELINE", codePipeline.endpoint().toString()));
            String request = SampleEvents.load("start-approval.json").toString();
            for (int round = 0; round < rounds; round++) {
                LocalFunction function = lambda.deploy(FunctionConfig.of("benchmark", Path.of("target", "function.zip"), env)
                        .withMemoryMb(MEMORY_MB));
                init.add(function.coldStart().toNanos() / 1e6);
                first.add(timedInvoke(lambda, request));
                List<Double> warmRound = new ArrayList<>();
                for (int i = 0; i < WARM_INVOCATIONS; i++) {
                    warmRound.add(timedInvoke(lambda, request));
                }
                warm.add(median(warmRound));
                rssMb.add(residentMegabytes(function.pid()));
                lambda.undeploy("benchmark");
                System.out.printf("round %d: init %.0f ms, first %.0f ms, warm %.1f ms, RSS %.0f MB%n", round + 1,
                        init.getLast(), first.getLast(), warm.getLast(), rssMb.getLast());
            }
        }
        String report = String.format("""
                Approval Gate cold start, %s
                machine: %d cores, %s %s, JDK %s; function memory %d MB; %d rounds
                                      median      p90
                init (JVM -> ready)  %7.0f ms %7.0f ms
                first invocation     %7.0f ms %7.0f ms
                warm invocation      %7.1f ms %7.1f ms
                resident memory      %7.0f MB %7.0f MB
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), MEMORY_MB, rounds,
                median(init), p90(init), median(first), p90(first), median(warm), p90(warm), median(rssMb), p90(rssMb));
        Path out = Path.of("target", "benchmark", "cold-start.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("\n" + report + "(also in " + out + ")");
    }

    private static double timedInvoke(LocalLambda lambda, String request) {
        long start = System.nanoTime();
        InvokeResult result = lambda.invoke("benchmark", request);
        double millis = (System.nanoTime() - start) / 1e6;
        if (result.isError()) {
            throw new IllegalStateException("benchmark invocation failed: " + result.payload());
        }
        return millis;
    }

    /** VmRSS from /proc (Linux); NaN elsewhere. */
    private static double residentMegabytes(long pid) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024)
                .findFirst().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static double p90(List<Double> values) {
        return percentile(values, 90);
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
