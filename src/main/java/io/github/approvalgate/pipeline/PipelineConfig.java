package io.github.approvalgate.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which approval pipelines (the pool) the functions drive ({@code APPROVAL_GATE_PIPELINE_*} in the environment). */
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

    /**
     * Most pipelines in a pool: the template's {@code PipelineCount} allows 1 to this many. It also bounds the
     * StartPipelineExecution calls of one request (one per pipeline at most, see {@link PipelineStarter}).
     */
    int MAX_POOL_SIZE = 20;

    /**
     * The pool: identical pipelines, one of which is started for each request ({@code APPROVAL_GATE_PIPELINE_NAMES},
     * comma-separated). Events and executions of any other pipeline are ignored. Empty: start-approval only writes the
     * document.
     */
    Optional<List<String>> names();

    /** The pool in configured order (empty when none is configured), at most {@link #MAX_POOL_SIZE} distinct names. */
    default List<String> pool() {
        List<String> pool = names().orElse(List.of());
        if (pool.size() > MAX_POOL_SIZE || Set.copyOf(pool).size() != pool.size()) {
            throw new IllegalStateException("APPROVAL_GATE_PIPELINE_NAMES: at most " + MAX_POOL_SIZE
                    + " distinct pipeline names, got " + pool.size());
        }
        return pool;
    }

    /** Whether this pipeline is one of the pool's. */
    default boolean inPool(String pipeline) {
        return pipeline != null && names().orElse(List.of()).contains(pipeline);
    }

    /** The pipeline's S3 source action: the one each execution's source revision is pinned for. */
    @WithDefault("Source")
    String sourceActionName();

    /**
     * The pipeline's approval actions as {@code Stage/Action}, in pipeline order; the last one's approval is final.
     * Empty: the last approval action that ran is final (a single approval stage).
     */
    Optional<List<String>> approvalActions();
}
