package io.github.approvalgate.pipeline.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Present once an action has finished: for an approval, the approver's comment is the summary. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionResult(
        @JsonProperty("external-execution-url") String externalExecutionUrl,
        @JsonProperty("external-execution-summary") String externalExecutionSummary,
        @JsonProperty("external-execution-id") String externalExecutionId,
        @JsonProperty("error-code") String errorCode) {
}
