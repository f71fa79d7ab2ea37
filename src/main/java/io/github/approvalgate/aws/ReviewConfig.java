package io.github.approvalgate.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How start-approval links a request for review ({@code APPROVAL_GATE_REVIEW_*} in the environment). */
@ConfigMapping(prefix = "approval-gate.review")
public interface ReviewConfig {

    /** The AWS console of this partition: the default review URL opens the request's object version there. */
    @WithDefault("https://console.aws.amazon.com")
    String consoleUrl();
}
