package io.github.approvalgate.sweep;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.github.approvalgate.decision.DeliveryOutcome;
import io.github.approvalgate.reminder.ReminderReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one sweep did.
 *
 * @param pages pages of {@code ListPipelineExecutions} read (none for a deadline check)
 * @param examined executions in the look-back window (or the one of a deadline check) whose decision was checked
 * @param pending of those, the ones with nothing to send: still waiting, approved at a stage before the last, or not
 *        started by start-approval
 * @param delivered what happened to each execution that had a decision not yet marked delivered
 * @param stoppedEarly why the listing stopped before the window's end (page or time budget), if it did
 * @param ignored why nothing was swept, when the invocation was not a scheduled event
 * @param reminders what a reminder check did (only for one)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepReport(
        @JsonProperty("pages") int pages,
        @JsonProperty("examined") int examined,
        @JsonProperty("already_delivered") int alreadyDelivered,
        @JsonProperty("pending") int pending,
        @JsonProperty("delivered") List<DeliveryOutcome> delivered,
        @JsonProperty("failed") List<String> failed,
        @JsonProperty("stopped_early") String stoppedEarly,
        @JsonProperty("ignored") String ignored,
        @JsonProperty("reminders") ReminderReport reminders) {

    /** Nothing was looked at: the invocation was not a sweep. */
    static SweepReport ignored(String reason) {
        return new SweepReport(0, 0, 0, 0, List.of(), List.of(), null, reason, null);
    }

    /** A reminder check: no decision is delivered. */
    static SweepReport reminded(ReminderReport reminders) {
        return new SweepReport(0, 0, 0, 0, List.of(), List.of(), null, null, reminders);
    }
}
