package io.github.approvalgate.pipeline.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.github.approvalgate.input.NumberAsText;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code detail} of an action or pipeline execution state change; {@code stage}, {@code action}, {@code type} and
 * {@code execution-result} only come with action events. {@code version} is the pipeline version; AWS's own samples
 * show it both as a number and as a string, so it is read as text; every other field must be a JSON string.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record StateChangeDetail(
        String pipeline,
        @JsonProperty("execution-id") String executionId,
        String stage,
        String action,
        String state,
        String region,
        ActionType type,
        @JsonDeserialize(using = NumberAsText.class) String version,
        @JsonProperty("execution-result") ExecutionResult executionResult) {
}
