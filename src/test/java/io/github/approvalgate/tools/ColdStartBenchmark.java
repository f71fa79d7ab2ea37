package io.github.approvalgate.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.infra.InfraTemplate;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.it.LocalApprovalLoop;
import io.github.approvalgate.request.StartApprovalHandler;
import io.github.approvalgate.result.ApprovalResultHandler;
import io.github.approvalgate.startup.InitializationType;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.lambda.FunctionConfig;
import io.github.approvalgate.testing.lambda.InvokeResult;
import io.github.approvalgate.testing.lambda.LocalFunction;
import io.github.approvalgate.testing.lambda.LocalLambda;
import io.github.approvalgate.testing.moto.MotoServer;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.token.TaskTokenMetadata;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold and warm start of the packaged JVM function, per handler ({@code ./mvnw -q -Psandbox -Dsandbox.mode=benchmark}).
 *
 * <p>
 * Method: for each handler and each round ({@code -Dbenchmark.rounds}, default 10), a fresh JVM runs
 * {@code target/function.zip} through Lambda's runtime interface client (as the {@code java25}/{@code java21} runtimes
 * do when SnapStart does not restore a snapshot), with the template's JVM {@code JAVA_TOOL_OPTIONS} and its default
 * 256 MB of memory, against moto (S3, Step Functions) and the CodePipeline stand-in. Each invocation does the real work:
 * <ul>
 * <li>start-approval: the sample request; writes a new object version and starts a pipeline execution for it;</li>
 * <li>approval-result: an approval event of the stand-in for an execution whose object version carries the token of
 * a Step Functions task really waiting in moto; the decision is delivered with {@code SendTaskSuccess}.</li>
 * </ul>
 * Everything an invocation needs (waiting tasks, object versions, executions, events) is prepared before the JVM
 * starts, so only the function is timed. Recorded per round: init (JVM start to the first poll of the Runtime API),
 * the first invocation, the median and 90th percentile of the next 20 (warm) invocations, and the JVM's resident memory
 * after them, and the CPU time the JVM used up to its first answer (which the load of other processes hardly moves).
 * The report gives, per handler, the median and the 90th percentile of each over the rounds, with the machine and the
 * load average. Loopback emulators make AWS calls cheaper than in AWS: compare runs, not absolute
 * numbers. {@code -Dbenchmark.javaToolOptions=...} replaces the template's options (to try a flag),
 * {@code -Dbenchmark.functionZip=...} measures another package (a saved earlier build; {@code a.zip,b.zip} measures
 * several, each in turn within every round, so a change of load weighs on all alike) and
 * {@code -Dbenchmark.handlers=start-approval} limits the run to some handlers,
 * {@code -Dbenchmark.initializationTypes=on-demand,snap-start} (the default) names the values of
 * {@code AWS_LAMBDA_INITIALIZATION_TYPE} to run each handler with, and
 * {@code -Dbenchmark.preloadList=src/main/resources/META-INF/quarkus-preload-classes.txt} also logs class loading and
 * writes there every class that the invocations loaded after init (to preload at init; see the README).
 */
final class ColdStartBenchmark {

    private static final int WARM_INVOCATIONS = 20;
    /** The template's default function memory; the heap is sized from it as Lambda's Java runtime does. */
    private static final int MEMORY_MB = 256;
    private static final String FUNCTION = "benchmark";
    private static final String PRELOAD_LIST = System.getProperty("benchmark.preloadList");
    /** A line of {@code -Xlog:class+load}: {@code [..][info][class,load] a.b.C source: ...}. */
    private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (?!__)");

    /**
     * One handler under test: its function environment, the events of one round (prepared before its JVM starts) and
     * whether an answer shows the real work done (not an error, not an ignored event).
     */
    private record Scenario(String handler, Map<String, String> env, IntFunction<Deque<String>> prepareRound,
            Predicate<String> didTheWork, Function<String, Optional<Instant>> decisionSentAt) {
    }

    /** What one handler measured with one package, per round. */
    private record Series(List<Double> init, List<Double> first, List<Double> firstResponse, List<Double> cpuToFirst,
            List<Double> warmMedian, List<Double> warmP90, List<Double> rssMb, List<Double> firstToDecision,
            List<Double> warmToDecision) {
        Series() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private ColdStartBenchmark() {
    }

    static void run() throws IOException {
        int rounds = Integer.getInteger("benchmark.rounds", 10);
        List<String> handlers = List.of(System.getProperty("benchmark.handlers",
                StartApprovalHandler.NAME + "," + ApprovalResultHandler.NAME).split(","));
        List<InitializationType> initializationTypes = Arrays.stream(System.getProperty("benchmark.initializationTypes",
                InitializationType.ON_DEMAND.value() + "," + InitializationType.SNAP_START.value()).split(","))
                .map(value -> InitializationType.of(Optional.of(value))).distinct().toList();
        Map<String, Series> results = new LinkedHashMap<>();
        String load = loadAverage();
        Set<String> loadedAfterInit = new TreeSet<>();
        String toolOptions;
        try (MotoServer moto = MotoServer.startWithoutLambda();
                CodePipelineStandIn codePipeline = new CodePipelineStandIn();
                LocalLambda lambda = new LocalLambda();
                S3Client s3 = LocalAwsClients.s3(moto.endpoint());
                WaitingTasks tasks = prepareLocalAws(moto, codePipeline)) {
            InfraTemplate template = InfraTemplate.load();
            toolOptions = System.getProperty("benchmark.javaToolOptions", jvmToolOptions(template));
            Map<String, String> env = new HashMap<>(Map.of(
                    "JAVA_TOOL_OPTIONS", toolOptions,
                    "AWS_ENDPOINT_URL_S3", moto.endpoint().toString(),
                    "AWS_ENDPOINT_URL_SFN", moto.endpoint().toString(),
                    "AWS_ENDPOINT_URL_CODEPIPELINE", codePipeline.endpoint().toString()));
            for (InitializationType type : initializationTypes) {
                // Only the variable Lambda sets: no snapshot is restored here, so a snap-start's init is the work
                // done before the snapshot and its first invocation the one a restored environment answers.
                env.put("AWS_LAMBDA_INITIALIZATION_TYPE", type.value());
                for (String handler : handlers) {
                    Scenario scenario = switch (handler) {
                        case StartApprovalHandler.NAME -> startApproval(env);
                        case ApprovalResultHandler.NAME -> approvalResult(env, s3, codePipeline, tasks);
                        default -> throw new IllegalArgumentException("no benchmark scenario for handler " + handler);
                    };
                    results.putAll(measure(lambda, scenario, rounds, loadedAfterInit));
                }
            }
        }
        if (PRELOAD_LIST != null) {
            writePreloadList(loadedAfterInit);
        }
        String report = report(results, rounds, toolOptions, load);
        Path out = Path.of("target", "benchmark", "cold-start.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("\n" + report + "(also in " + out + ")");
    }

    private static WaitingTasks prepareLocalAws(MotoServer moto, CodePipelineStandIn codePipeline) {
        moto.configure("{\"lambda\": {\"use_docker\": false}}");
        codePipeline.definePipeline(
                TemplatePipeline.definition(LocalApprovalLoop.PIPELINE, LocalApprovalLoop.BUCKET, LocalApprovalLoop.KEY));
        LocalAwsClients.createVersionedBucket(moto.endpoint(), LocalApprovalLoop.BUCKET);
        return new WaitingTasks(moto);
    }

    /**
     * Every package in turn within each round (not all rounds of one, then the next), so that a change in the machine's
     * load during the run weighs on each package alike.
     */
    private static Map<String, Series> measure(LocalLambda lambda, Scenario scenario, int rounds,
            Set<String> loadedAfterInit) throws IOException {
        List<Path> packages = functionZips();
        String label = scenario.handler() + " (" + scenario.env().get("AWS_LAMBDA_INITIALIZATION_TYPE") + ")";
        Map<String, Series> series = new LinkedHashMap<>();
        for (Path zip : packages) {
            series.put(packages.size() == 1 ? label : label + " " + zip, new Series());
        }
        for (int round = 0; round < rounds; round++) {
            int next = 0;
            for (Map.Entry<String, Series> entry : series.entrySet()) {
                measureRound(lambda, scenario, packages.get(next++), entry.getValue(), loadedAfterInit);
                Series s = entry.getValue();
                System.out.printf("%s round %d: init %.0f ms, first %.0f ms, CPU to first %.0f ms, warm %.1f ms "
                        + "(p90 %.1f), RSS %.0f MB%n", entry.getKey(), round + 1, s.init().getLast(),
                        s.first().getLast(), s.cpuToFirst().getLast(), s.warmMedian().getLast(), s.warmP90().getLast(),
                        s.rssMb().getLast());
            }
        }
        return series;
    }

    private static void measureRound(LocalLambda lambda, Scenario scenario, Path zip, Series series,
            Set<String> loadedAfterInit) throws IOException {
        Map<String, String> env = new HashMap<>(scenario.env());
        Path classLog = Path.of("target", "benchmark", "classes-" + scenario.handler() + ".log").toAbsolutePath();
        if (PRELOAD_LIST != null) {
            env.merge("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog, (a, b) -> a + " " + b);
        }
        Deque<String> events = scenario.prepareRound().apply(1 + WARM_INVOCATIONS);
        LocalFunction function = lambda.deploy(FunctionConfig.of(FUNCTION, zip, env).withMemoryMb(MEMORY_MB));
        long linesAtInit = PRELOAD_LIST == null ? 0 : lines(classLog).size();
        series.init().add(function.coldStart().toNanos() / 1e6);
        List<Double> toDecision = new ArrayList<>();
        series.first().add(timedInvoke(lambda, scenario, events.pop(), toDecision));
        series.firstResponse().add(series.init().getLast() + series.first().getLast());
        series.cpuToFirst().add(cpuMillis(function.pid()));
        toDecision.stream().findFirst().ifPresent(series.firstToDecision()::add);
        toDecision.clear();
        List<Double> warm = new ArrayList<>();
        while (!events.isEmpty()) {
            warm.add(timedInvoke(lambda, scenario, events.pop(), toDecision));
        }
        if (!toDecision.isEmpty()) {
            series.warmToDecision().add(median(toDecision));
        }
        series.warmMedian().add(median(warm));
        series.warmP90().add(p90(warm));
        series.rssMb().add(residentMegabytes(function.pid()));
        if (PRELOAD_LIST != null) {
            lines(classLog).stream().skip(linesAtInit).map(ColdStartBenchmark::loadedClass)
                    .flatMap(Optional::stream).forEach(loadedAfterInit::add);
        }
        lambda.undeploy(FUNCTION);
    }

    /**
     * CPU time the function's JVM has used so far (all threads, user and system), from the operating system: unlike
     * wall time it hardly moves with the load of other processes on the machine. NaN where the OS does not tell.
     */
    private static double cpuMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                .map(cpu -> cpu.toNanos() / 1e6).orElse(Double.NaN);
    }

    private static Scenario startApproval(Map<String, String> common) {
        Map<String, String> env = new HashMap<>(common);
        env.put("QUARKUS_LAMBDA_HANDLER", StartApprovalHandler.NAME);
        env.put("APPROVAL_GATE_PIPELINE_NAMES", LocalApprovalLoop.PIPELINE);
        String request = SampleEvents.load("start-approval.json").toString();
        return new Scenario(StartApprovalHandler.NAME, env,
                invocations -> new ArrayDeque<>(Collections.nCopies(invocations, request)),
                answer -> answer.contains("\"pipeline_execution_id\":\""), event -> Optional.empty());
    }

    /**
     * Each event decides its own approval: a task waiting in moto, its token stored with a new object version, a
     * pipeline execution for that version, approved in the stand-in, whose emitted event is what EventBridge delivers.
     */
    private static Scenario approvalResult(Map<String, String> common, S3Client s3, CodePipelineStandIn codePipeline,
            WaitingTasks tasks) {
        Map<String, String> env = new HashMap<>(common);
        env.put("QUARKUS_LAMBDA_HANDLER", ApprovalResultHandler.NAME);
        Map<String, WaitingTask> taskOfEvent = new ConcurrentHashMap<>();
        return new Scenario(ApprovalResultHandler.NAME, env, invocations -> {
            Deque<String> events = new ArrayDeque<>();
            for (int i = 0; i < invocations; i++) {
                WaitingTask task = tasks.start();
                String versionId = s3.putObject(put -> put.bucket(LocalApprovalLoop.BUCKET)
                        .key(LocalApprovalLoop.KEY).contentType("text/plain")
                        .metadata(TaskTokenMetadata.forRequest(task.token(), "benchmark")),
                        RequestBody.fromString("benchmark document " + i)).versionId();
                String execution = codePipeline.startExecutionFor(LocalApprovalLoop.PIPELINE, versionId);
                codePipeline.approve(LocalApprovalLoop.PIPELINE, execution, "benchmark");
                String event = approvalEvent(codePipeline, execution);
                taskOfEvent.put(event, task);
                events.add(event);
            }
            return events;
        }, answer -> answer.contains("\"outcome\":\"delivered\""),
                event -> Optional.ofNullable(taskOfEvent.remove(event)).flatMap(tasks::succeededAt));
    }

    private static String approvalEvent(CodePipelineStandIn codePipeline, String execution) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<String> event = codePipeline.events().stream()
                    .filter(e -> e.contains(execution) && e.contains("\"category\":\"Approval\"")
                            && e.contains("\"state\":\"SUCCEEDED\""))
                    .findFirst();
            if (event.isPresent()) {
                return event.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the stand-in emitted no approval event for " + execution);
    }

    /** Named classes only: lambdas, proxies and other hidden classes cannot be loaded by name. */
    private static Optional<String> loadedClass(String line) {
        Matcher m = LOADED.matcher(line);
        return m.find() && !m.group(1).contains("/0x") && !m.group(1).contains("$$Lambda")
                ? Optional.of(m.group(1))
                : Optional.empty();
    }

    private static void writePreloadList(Set<String> classes) throws IOException {
        Path list = Path.of(PRELOAD_LIST);
        List<String> content = new ArrayList<>(List.of(
                "# Classes the first invocations load after init, preloaded (and initialised) at init by Quarkus's",
                "# SnapStart support. Generated by the cold-start benchmark; regenerate after dependency upgrades:",
                "#   ./mvnw -q -Psandbox -Dsandbox.mode=benchmark -Dbenchmark.rounds=1 \\",
                "#     -Dbenchmark.preloadList=src/main/resources/META-INF/quarkus-preload-classes.txt",
                "# A class missing from the package is skipped; one missing from the list is loaded on first use."));
        content.addAll(classes);
        Files.createDirectories(list.toAbsolutePath().getParent());
        Files.write(list, content);
        System.out.println("wrote " + classes.size() + " classes to " + list);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** The first package of {@code -Dbenchmark.functionZip} (default {@code target/function.zip}). */
    static Path functionZip() {
        return functionZips().getFirst();
    }

    /** The packages to compare: {@code -Dbenchmark.functionZip=a.zip,b.zip}, measured in turn within each round. */
    private static List<Path> functionZips() {
        return Arrays.stream(System.getProperty("benchmark.functionZip", "target/function.zip").split(","))
                .map(String::strip).filter(name -> !name.isEmpty()).map(Path::of).toList();
    }

    /** The JVM branch of the template's {@code JAVA_TOOL_OPTIONS} ({@code !If [IsJvmRuntime, jvm, none]}). */
    static String jvmToolOptions(InfraTemplate template) {
        JsonNode value = template.resource("StartApprovalFunction").path("Properties").path("Environment")
                .path("Variables").path("JAVA_TOOL_OPTIONS");
        return value.isArray() ? value.get(1).asText() : value.asText();
    }

    /**
     * @param toDecision receives, where the scenario delivers a decision, the time from sending the event to Step
     *        Functions recording the task's success (what follows it, the tag, is not counted)
     */
    private static double timedInvoke(LocalLambda lambda, Scenario scenario, String request, List<Double> toDecision) {
        Instant sent = Instant.now();
        long start = System.nanoTime();
        InvokeResult result = lambda.invoke(FUNCTION, request);
        double millis = (System.nanoTime() - start) / 1e6;
        if (result.isError() || !scenario.didTheWork().test(result.payload())) {
            throw new IllegalStateException("benchmark invocation did no real work: " + result.payload());
        }
        scenario.decisionSentAt().apply(request)
                .ifPresent(decided -> toDecision.add(Duration.between(sent, decided).toNanos() / 1e6));
        return millis;
    }

    private static String report(Map<String, Series> results, int rounds, String toolOptions, String load) {
        StringBuilder report = new StringBuilder(String.format("""
                Approval Gate cold start, %s
                machine: %d cores, %s %s, JDK %s (%s); load average before: %s
                packages %s; function memory %d MB; JAVA_TOOL_OPTIONS: %s; %d rounds (fresh JVMs) per row
                """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.vendor"),
                load, functionZips().stream().map(Path::toString).collect(Collectors.joining(", ")), MEMORY_MB,
                toolOptions, rounds));
        results.forEach((handler, s) -> report.append(String.format("""
                %s                  median      p90 (over rounds)
                  init (JVM -> ready)  %7.0f ms %7.0f ms
                  first invocation     %7.0f ms %7.0f ms
                  first response       %7.0f ms %7.0f ms   (JVM start -> first answer)
                  CPU to first answer  %7.0f ms %7.0f ms   (all threads, user + system)
                  warm median          %7.1f ms %7.1f ms
                  warm p90             %7.1f ms %7.1f ms
                  first / warm median  %7.1f x
                  resident memory      %7.0f MB %7.0f MB
                %s""", handler, median(s.init()), p90(s.init()), median(s.first()), p90(s.first()),
                median(s.firstResponse()), p90(s.firstResponse()), median(s.cpuToFirst()), p90(s.cpuToFirst()),
                median(s.warmMedian()), p90(s.warmMedian()), median(s.warmP90()), p90(s.warmP90()),
                median(s.first()) / median(s.warmMedian()), median(s.rssMb()), p90(s.rssMb()),
                s.firstToDecision().isEmpty() ? "" : String.format("""
                          event -> SendTaskSuccess recorded: first %7.0f ms, warm median %7.1f ms
                        """, median(s.firstToDecision()), median(s.warmToDecision())))));
        return report.toString();
    }

    static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.isReadable(loadavg) ? Files.readString(loadavg).strip() : "n/a";
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

    static double median(List<Double> values) {
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
