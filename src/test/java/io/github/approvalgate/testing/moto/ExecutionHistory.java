package io.github.approvalgate.testing.moto;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Reads what a Step Functions execution history tells about its waiting task. */
public final class ExecutionHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionHistory() {
    }

    /** The task token a {@code waitForTaskToken} Lambda task passed in its Payload, once the task is scheduled. */
    public static Optional<String> taskToken(List<HistoryEvent> history) {
        return taskTokens(history).stream().findFirst();
    }

    /** Every token the execution's tasks were scheduled with (a retried task is scheduled again), in order. */
    public static List<String> taskTokens(List<HistoryEvent> history) {
        List<String> tokens = new ArrayList<>();
        for (HistoryEvent event : history) {
            if (event.type() == HistoryEventType.TASK_SCHEDULED) {
                try {
                    String token = JSON.readTree(event.taskScheduledEventDetails().parameters())
                            .path("Payload").path("token").asText(null);
                    if (token != null) {
                        tokens.add(token);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable TaskScheduled parameters", e);
                }
            }
        }
        return tokens;
    }
}
