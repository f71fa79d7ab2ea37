package io.github.approvalgate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.RecordedCall;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** How start-approval spreads requests over a pool of pipelines, each with its own concurrency quota. */
class PipelineStarterPoolTest {

    private static final List<String> POOL = List.of("pool-1", "pool-2", "pool-3");
    private static final int LIMIT = 3;

    private CodePipelineStandIn standIn;
    private CodePipelineClient client;
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private PipelineStarter starter;

    @BeforeEach
    void pool() {
        standIn = new CodePipelineStandIn();
        POOL.forEach(name -> standIn.definePipeline(TemplatePipeline.definition(name, "bucket", "request.json")));
        standIn.concurrencyLimit(LIMIT);
        client = LocalAwsClients.codePipeline(standIn.endpoint());
        starter = starter(String.join(",", POOL));
    }

    @AfterEach
    void close() {
        client.close();
        standIn.close();
    }

    @Test
    void requestsFillEveryPipelineBeforeAnyIsBusy() {
        List<PipelineStart> started = IntStream.range(0, POOL.size() * LIMIT)
                .mapToObj(i -> start("request-" + i)).toList();

        Map<String, Long> perPipeline = started.stream()
                .collect(Collectors.groupingBy(PipelineStart::pipeline, Collectors.counting()));
        assertEquals(Map.of("pool-1", 3L, "pool-2", 3L, "pool-3", 3L), perPipeline);
        assertEquals(9, started.stream().map(PipelineStart::executionId).distinct().count());

        standIn.forgetCalls();
        PipelineBusyException busy = assertThrows(PipelineBusyException.class, () -> start("request-9"));
        assertTrue(busy.getMessage().contains("ConcurrentPipelineExecutionsLimitExceededException"), busy.getMessage());
        assertEquals(Set.copyOf(POOL), standIn.calls("StartPipelineExecution").stream()
                .map(call -> call.request().path("name").asText()).collect(Collectors.toSet()),
                "busy only after every pipeline refused");
        assertEquals(POOL.size(), standIn.calls("StartPipelineExecution").size(), "one call per pipeline");
        assertTrue(metrics.toString(StandardCharsets.UTF_8).contains("BusyRefusals"));
    }

    @Test
    void aRetriedRequestAsksTheSamePipelineFirstAndGetsTheSameExecution() {
        PipelineStart first = start("retried-request");
        standIn.forgetCalls();

        assertEquals(first, start("retried-request"));
        List<RecordedCall> calls = standIn.calls("StartPipelineExecution");
        assertEquals(1, calls.size());
        assertEquals(first.pipeline(), calls.getFirst().request().path("name").asText());
    }

    @Test
    void theOrderStartsAtTheTokensPipelineAndRotates() {
        for (String token : List.of("a", "b", "c", "request-17", "x".repeat(128))) {
            List<String> order = PipelineStarter.order(POOL, token);
            int first = POOL.indexOf(order.getFirst());
            assertEquals(IntStream.range(0, POOL.size()).mapToObj(i -> POOL.get((first + i) % POOL.size())).toList(),
                    order, "every pipeline once, in rotation");
            assertEquals(order, PipelineStarter.order(POOL, token), "the same at every attempt");
        }
        Set<String> firsts = IntStream.range(0, 60).mapToObj(i -> PipelineStarter.order(POOL, "t-" + i).getFirst())
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(POOL), firsts, "independent requests start at every pipeline");
    }

    @Test
    void aThrottledCallStopsTheRotationAtOnce() {
        // More refusals than the SDK's own attempts (its retry strategy retries a throttled call).
        standIn.failNext("StartPipelineExecution", "ThrottlingException", "Rate exceeded", 10);
        standIn.forgetCalls();

        assertThrows(PipelineBusyException.class, () -> start("throttled"));
        List<RecordedCall> calls = standIn.calls("StartPipelineExecution");
        assertEquals(Set.of(PipelineStarter.order(POOL, "throttled").getFirst()),
                calls.stream().map(call -> call.request().path("name").asText()).collect(Collectors.toSet()),
                "only the first pipeline was asked");
    }

    @Test
    void aPoolOfOneStartsOnlyItsPipelineAndIsBusyAfterOneCall() {
        PipelineStarter single = starter("pool-2");
        for (int i = 0; i < LIMIT; i++) {
            assertEquals("pool-2", single.startFor("v", Map.of(), "single-" + i).orElseThrow().pipeline());
        }
        standIn.forgetCalls();
        assertThrows(PipelineBusyException.class, () -> single.startFor("v", Map.of(), "single-3"));
        assertEquals(1, standIn.calls("StartPipelineExecution").size());
    }

    private PipelineStart start(String token) {
        return starter.startFor("version-" + token, Map.of(), token).orElseThrow();
    }

    private PipelineStarter starter(String names) {
        return PipelineStarters.over(client, List.of(names.split(",")),
                new PrintStream(metrics, true, StandardCharsets.UTF_8));
    }
}
