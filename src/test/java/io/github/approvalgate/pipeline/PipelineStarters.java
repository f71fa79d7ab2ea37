package io.github.approvalgate.pipeline;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.github.approvalgate.observe.TestMetrics;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** A {@link PipelineStarter} outside CDI, over a pool of pipelines, for tests and benchmarks. */
public final class PipelineStarters {

    private PipelineStarters() {
    }

    /** @param metrics where the embedded-metric documents go */
    public static PipelineStarter over(CodePipelineClient client, List<String> pool, PrintStream metrics) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        Map.of("approval-gate.pipeline.names", String.join(",", pool)), "test", 300))
                .withMapping(PipelineConfig.class)
                .build();
        return new PipelineStarter(client, config.getConfigMapping(PipelineConfig.class), TestMetrics.to(metrics));
    }
}
