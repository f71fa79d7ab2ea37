package io.github.approvalgate.sweep;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounds of one sweep run ({@code APPROVAL_GATE_SWEEP_*} in the environment). */
@ConfigMapping(prefix = "approval-gate.sweep")
public interface SweepConfig {

    /** Executions whose last change is older than this are not looked at: keep it above twice the schedule interval. */
    @WithDefault("PT30M")
    Duration lookBack();

    /**
     * The longest an approval can wait (the approval action's timeout): executions that started earlier than this plus
     * {@link #lookBack()} cannot have ended within the window, so the listing stops there.
     */
    @WithDefault("P7D")
    Duration maxApprovalAge();

    /**
     * At most this many pages of {@code ListPipelineExecutions} per run: the run examines at most {@code maxPages x
     * pageSize} executions (two calls each when already delivered), which must fit the time budget; older executions
     * are left to their deadline checks.
     */
    @WithDefault("2")
    int maxPages();

    /** Executions per page (CodePipeline allows 1 to 100). */
    @WithDefault("100")
    int pageSize();

    /** Stop taking on executions after this long; keep it well below the function's timeout. */
    @WithDefault("PT40S")
    Duration timeBudget();
}
