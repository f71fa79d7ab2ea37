package io.github.approvalgate.sweep;

/**
 * Some executions could not be checked or delivered: the invocation fails so that the function's Errors metric (and
 * its alarm) shows it, after everything else was delivered. The next run tries them again.
 */
public class SweepIncompleteException extends RuntimeException {

    public SweepIncompleteException(SweepReport report) {
        super(report.failed().size() + " of " + report.examined() + " executions could not be resolved: "
                + String.join("; ", report.failed()));
    }
}
