package io.github.approvalgate.pipeline;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which approval pipeline the functions drive ({@code APPROVAL_GATE_PIPELINE_*} in the environment). */
@ConfigMapping(prefix = "approval-gate.pipeline")
public interface PipelineConfig {

    /**
     * Pipeline variable (declared on the V2 pipeline) that carries the request's object version into each execution,
     * so the version can be found even when the source action never produced its {@code VersionId} output.
     */
    String SOURCE_VERSION_VARIABLE = "source_version_id";

    /** Pipeline variable shown as every approval action's CustomData. */
    String APPROVAL_SUMMARY_VARIABLE = "approval_summary";

    /** Pipeline variable used as every approval action's ExternalEntityLink. */
    String REVIEW_URL_VARIABLE = "review_url";

    /** The pipeline started for each request; without it, start-approval only writes the document. */
    Optional<String> name();

    /** The pipeline's S3 source action: the one each execution's source revision is pinned for. */
    @WithDefault("Source")
    String sourceActionName();

    /**
     * The pipeline's approval actions as {@code Stage/Action}, in pipeline order; the last one's approval is final.
     * Empty: the last approval action that ran is final (a single approval stage).
     */
    Optional<java.util.List<String>> approvalActions();
}
