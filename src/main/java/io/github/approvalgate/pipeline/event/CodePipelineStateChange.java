package io.github.approvalgate.pipeline.event;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * EventBridge envelope of the two CodePipeline events approval-result receives: {@code CodePipeline Action Execution
 * State Change} (the approval action ended) and {@code CodePipeline Pipeline Execution State Change} (the execution
 * ended, possibly before its approval ran). Both share the envelope and most of {@code detail}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record CodePipelineStateChange(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        StateChangeDetail detail) {

    public static final String SOURCE = "aws.codepipeline";
    public static final String ACTION_DETAIL_TYPE = "CodePipeline Action Execution State Change";
    public static final String PIPELINE_DETAIL_TYPE = "CodePipeline Pipeline Execution State Change";

    public boolean isActionEvent() {
        return ACTION_DETAIL_TYPE.equals(detailType);
    }

    public boolean isPipelineEvent() {
        return PIPELINE_DETAIL_TYPE.equals(detailType);
    }
}
