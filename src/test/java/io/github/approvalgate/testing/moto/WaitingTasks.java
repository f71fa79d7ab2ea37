package io.github.approvalgate.testing.moto;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.logs.TaskTokenWitness;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Real Step Functions tasks waiting for a token in moto: a one-state {@code waitForTaskToken} machine whose Lambda is
 * never reached (moto is told not to run Lambdas), so each execution simply waits with a genuine task token.
 */
public final class WaitingTasks implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous on 2 shared cores; a passing test waits only as long as moto takes. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String DEFINITION = """
            {"StartAt": "Wait", "States": {"Wait": {
              "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:start-approval",
                             "Payload": {"token.$": "$$.Task.Token"}},
              "End": true}}}""";

    /** One execution and the token its task waits for. */
    public record WaitingTask(String executionArn, String token) {
    }

    private final SfnClient sfn;
    private final String stateMachineArn;

    private static final java.util.Map<java.net.URI, WaitingTasks> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One instance (one state machine) per moto server, for test classes that share a server: moto 5.2.1 answers
     * StartExecution with HTTP 500 on a state machine created after another one ran executions (its deep copy meets a
     * lock, see src/test/moto/launch_moto.py). Never closed: it lives as long as the server.
     */
    public static WaitingTasks shared(MotoServer moto) {
        return SHARED.computeIfAbsent(moto.endpoint(), endpoint -> new WaitingTasks(moto));
    }

    public WaitingTasks(MotoServer moto) {
        sfn = LocalAwsClients.sfn(moto.endpoint());
        stateMachineArn = sfn.createStateMachine(create -> create
                .name("waiting-" + UUID.randomUUID())
                .roleArn("arn:aws:iam::123456789012:role/approval-gate-test")
                .definition(DEFINITION)).stateMachineArn();
    }

    public WaitingTask start() {
        String executionArn = sfn.startExecution(start -> start.stateMachineArn(stateMachineArn).input("{}"))
                .executionArn();
        String token = await().atMost(PATIENCE).until(() -> tokenOf(executionArn), t -> t != null);
        TaskTokenWitness.token(token);
        return new WaitingTask(executionArn, token);
    }

    public ExecutionStatus status(WaitingTask task) {
        return sfn.describeExecution(d -> d.executionArn(task.executionArn())).status();
    }

    /** When Step Functions recorded the task's success (its {@code TaskSucceeded} history event), if it has. */
    public Optional<Instant> succeededAt(WaitingTask task) {
        return sfn.getExecutionHistory(h -> h.executionArn(task.executionArn())).events().stream()
                .filter(event -> event.type() == HistoryEventType.TASK_SUCCEEDED)
                .map(HistoryEvent::timestamp)
                .findFirst();
    }

    /** The task's output once the execution has finished. */
    public JsonNode output(WaitingTask task) throws Exception {
        String output = await().atMost(PATIENCE)
                .until(() -> sfn.describeExecution(d -> d.executionArn(task.executionArn())),
                        d -> d.status() != ExecutionStatus.RUNNING)
                .output();
        return JSON.readTree(output);
    }

    private String tokenOf(String executionArn) {
        return ExecutionHistory.taskToken(sfn.getExecutionHistory(h -> h.executionArn(executionArn)).events())
                .orElse(null);
    }

    @Override
    public void close() {
        sfn.close();
    }
}
