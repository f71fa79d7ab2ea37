package io.github.approvalgate.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.github.approvalgate.reminder.ReminderCheck;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What runs approval-sweep: EventBridge's {@code Scheduled Event} (the periodic sweep; invoke by hand with the same),
 * a request's deadline check ({@code {"deadline_check": {...}}}, the input of its one-time schedule), or one of its
 * reminder checks ({@code {"reminder_check": {...}}}).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String time,
        @JsonProperty(ScheduledEvent.DEADLINE_CHECK) DeadlineCheck deadlineCheck,
        @JsonProperty(ReminderCheck.INPUT_KEY) ReminderCheck reminderCheck) {

    public static final String DETAIL_TYPE = "Scheduled Event";
    public static final String DEADLINE_CHECK = "deadline_check";

    public boolean isScheduled() {
        return DETAIL_TYPE.equals(detailType);
    }
}
