package io.github.approvalgate.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** EventBridge's {@code Scheduled Event}: the only payload that runs a sweep (invoke by hand with the same). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String time) {

    public static final String DETAIL_TYPE = "Scheduled Event";

    public boolean isScheduled() {
        return DETAIL_TYPE.equals(detailType);
    }
}
