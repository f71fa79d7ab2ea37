package io.github.approvalgate.decision;

import java.util.Optional;

import io.github.approvalgate.pipeline.ActionRun;

/**
 * A request's decision as derived from its pipeline execution.
 *
 * @param approval the approval action run that decided it; absent when the execution ended before its approval ran
 * @param reason CodePipeline's explanation (expiry, stop or failure summary); never a reviewer's comment
 */
record Ending(Decision decision, Optional<ActionRun> approval, Optional<String> reason) implements DecisionRules.Verdict {
}
