package io.github.approvalgate.pipeline;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which approval pipeline start-approval drives ({@code APPROVAL_GATE_PIPELINE_*} in the environment). */
@ConfigMapping(prefix = "approval-gate.pipeline")
public interface PipelineConfig {

    /** The pipeline started for each request; without it, start-approval only writes the document. */
    Optional<String> name();

    /** The pipeline's S3 source action: the one each execution's source revision is pinned for. */
    @WithDefault("Source")
    String sourceActionName();
}
