package io.github.approvalgate.reminder;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one reminder check did.
 *
 * @param waiting the execution's approval actions still waiting ({@code Stage/Action})
 * @param sent the steps this check sent, as {@code Stage/Action#step}
 * @param alreadySent steps due that another check had sent (their marker was there)
 * @param nextCheck when the next check of this execution is due, if one was scheduled
 * @param ended why the chain ends here, if it does
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReminderReport(
        @JsonProperty("check") int check,
        @JsonProperty("waiting") List<String> waiting,
        @JsonProperty("sent") List<String> sent,
        @JsonProperty("already_sent") int alreadySent,
        @JsonProperty("next_check") String nextCheck,
        @JsonProperty("ended") String ended) {
}
