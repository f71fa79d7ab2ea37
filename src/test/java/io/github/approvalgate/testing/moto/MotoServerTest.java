package io.github.approvalgate.testing.moto;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

@Tag("harness")
class MotoServerTest {

    private static final String PASS_MACHINE = """
            {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}""";
    private static final String ROLE = "arn:aws:iam::123456789012:role/sfn";

    private static MotoServer moto;
    private static SfnClient sfn;

    @BeforeAll
    static void startMoto() {
        // No Lambda task here; any port will do for MOTO_PORT.
        moto = MotoServer.start(9);
        sfn = LocalAwsClients.sfn(moto.endpoint());
    }

    @AfterAll
    static void stopMoto() {
        if (sfn != null) {
            sfn.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void twentyConcurrentExecutionsOfOneStateMachineAllStartAndSucceed() throws Exception {
        String machine = sfn.createStateMachine(b -> b.name("concurrent").definition(PASS_MACHINE).roleArn(ROLE))
                .stateMachineArn();

        List<Callable<String>> starts = IntStream.range(0, 20)
                .<Callable<String>> mapToObj(i -> () -> sfn
                        .startExecution(b -> b.stateMachineArn(machine).input("{\"n\":" + i + "}")).executionArn())
                .toList();
        Set<String> executionArns;
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            List<Future<String>> futures = pool.invokeAll(starts);
            executionArns = futures.stream().map(MotoServerTest::join).collect(Collectors.toSet());
        }

        assertEquals(20, executionArns.size(), "each StartExecution gets its own execution");
        assertTrue(executionArns.stream().allMatch(this::succeedsSoon));
    }

    @Test
    void resetDropsResourcesAndKeepsExecutingStateMachines() {
        sfn.createStateMachine(b -> b.name("before-reset").definition(PASS_MACHINE).roleArn(ROLE));

        moto.reset();

        assertTrue(sfn.listStateMachines().stateMachines().stream().noneMatch(m -> m.name().equals("before-reset")));
        String machine = sfn.createStateMachine(b -> b.name("after-reset").definition(PASS_MACHINE).roleArn(ROLE))
                .stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        assertTrue(succeedsSoon(execution), "state machines created after reset() still execute");
    }

    @Test
    void s3ClientRoundTripsObjectVersions() {
        try (S3Client s3 = LocalAwsClients.s3(moto.endpoint())) {
            s3.createBucket(b -> b.bucket("approval-source"));
            s3.putBucketVersioning(b -> b.bucket("approval-source").versioningConfiguration(v -> v.status("Enabled")));
            String version = s3.putObject(b -> b.bucket("approval-source").key("request.json"), RequestBody.fromString("{}"))
                    .versionId();

            assertEquals(version,
                    s3.headObject(b -> b.bucket("approval-source").key("request.json").versionId(version)).versionId());
        }
    }

    /**
     * S3 lets exactly one of concurrent {@code If-None-Match: *} writers of a key win (the others get 412 or 409);
     * moto 5.2.1 alone lets several win when the body takes a while to store (seen with 6 writers of 8 MB: 2 to 4
     * won), so the launcher serialises conditional writes. Bodies of 4 MB widen the window the launcher closes.
     */
    @Test
    void exactlyOneOfConcurrentConditionalWritersOfAKeyWins() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024];
        try (S3Client s3 = LocalAwsClients.s3(moto.endpoint());
                ExecutorService pool = Executors.newFixedThreadPool(6)) {
            s3.createBucket(b -> b.bucket("conditional-writes"));
            s3.putBucketVersioning(b -> b.bucket("conditional-writes").versioningConfiguration(v -> v.status("Enabled")));
            for (int round = 0; round < 3; round++) {
                String key = "marker-" + round;
                CyclicBarrier together = new CyclicBarrier(6);
                List<Callable<Boolean>> writers = IntStream.range(0, 6).<Callable<Boolean>> mapToObj(i -> () -> {
                    together.await();
                    try {
                        s3.putObject(put -> put.bucket("conditional-writes").key(key).ifNoneMatch("*"),
                                RequestBody.fromBytes(body));
                        return true;
                    } catch (S3Exception e) {
                        assertTrue(e.statusCode() == 412 || e.statusCode() == 409, e.toString());
                        return false;
                    }
                }).toList();
                long winners = pool.invokeAll(writers).stream().filter(MotoServerTest::join).count();
                assertEquals(1, winners, key);
            }
        }
    }

    /** Generous: an await ends as soon as the execution does, so only a failing run waits this long. */
    private boolean succeedsSoon(String executionArn) {
        ExecutionStatus status = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sfn.describeExecution(b -> b.executionArn(executionArn)).status(),
                        s -> s != ExecutionStatus.RUNNING);
        return status == ExecutionStatus.SUCCEEDED;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("StartExecution failed", e);
        }
    }
}
