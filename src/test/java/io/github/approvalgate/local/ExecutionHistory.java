package io.github.approvalgate.local;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** Reads what a Step Functions execution history tells about its waiting task. */
final class ExecutionHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionHistory() {
    }

    /** The task token a {@code waitForTaskToken} Lambda task passed in its Payload, once the task is scheduled. */
    static Optional<String> taskToken(List<HistoryEvent> history) {
        for (HistoryEvent event : history) {
            if (event.type() == HistoryEventType.TASK_SCHEDULED) {
                try {
                    return Optional.ofNullable(JSON.readTree(event.taskScheduledEventDetails().parameters())
                            .path("Payload").path("token").asText(null));
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable TaskScheduled parameters", e);
                }
            }
        }
        return Optional.empty();
    }
}
