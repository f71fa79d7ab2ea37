package io.github.approvalgate.pipeline.event;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** EventBridge envelope of a {@code CodePipeline Action Execution State Change} event. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionExecutionStateChange(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        ActionStateChangeDetail detail) {

    public static final String SOURCE = "aws.codepipeline";
    public static final String DETAIL_TYPE = "CodePipeline Action Execution State Change";
}
