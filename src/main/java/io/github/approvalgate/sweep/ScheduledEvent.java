package io.github.approvalgate.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** EventBridge's {@code Scheduled Event}; the sweep reads nothing from it but accepts any invocation's payload. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String time) {
}
