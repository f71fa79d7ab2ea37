package io.github.approvalgate.reminder;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The text of one reminder or escalation: the pipeline, the request's summary and review link, where to decide, how
 * long it has waited and when it expires. Built from the action's resolved configuration only, never from its
 * approval token.
 *
 * @param summary the approval's CustomData (the request's approval_summary), may be empty
 * @param reviewLink the approval's ExternalEntityLink (the request's review_url), may be empty
 * @param consoleLink the execution in the CodePipeline console, where an approver decides
 */
record ReminderNotice(String pipeline, String executionId, String stage, String action, String summary,
        String reviewLink, String consoleLink, Instant waitingSince, Instant expires, Instant now, int step, int count,
        boolean escalation) {

    /** SNS Publish: a subject is at most 100 characters. */
    static final int MAX_SUBJECT = 100;

    String subject() {
        String subject = (escalation ? "Escalation: approval still undecided in "
                : "Reminder " + step + " of " + count
                        + ": approval waiting in ")
                + pipeline;
        return subject.length() > MAX_SUBJECT ? subject.substring(0, MAX_SUBJECT) : subject;
    }

    String message() {
        String opening = escalation
                ? "No decision after " + count + " reminder" + (count == 1 ? "" : "s")
                        + ": this approval still waits and is escalated to you."
                : "Reminder " + step + " of " + count + ": this approval still waits for a decision.";
        return opening + "\n\n"
                + "Pipeline: " + pipeline + "\n"
                + "Execution: " + executionId + "\n"
                + "Approval action: " + stage + "/" + action + "\n"
                + "Request: " + (summary.isBlank() ? "(no summary)" : summary) + "\n"
                + "Review: " + (reviewLink.isBlank() ? "(no link)" : reviewLink) + "\n"
                + "Decide in the console: " + consoleLink + "\n"
                + "Waiting for: " + waited(Duration.between(waitingSince, now)) + " (since "
                + waitingSince.truncatedTo(ChronoUnit.SECONDS) + ")\n"
                + "Expires: " + expires.truncatedTo(ChronoUnit.SECONDS) + ", unless decided before\n";
    }

    static String waited(Duration waited) {
        long minutes = Math.max(0, waited.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append(" d ");
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append(" h ");
        }
        return text.append(minutes % 60).append(" min").toString();
    }
}
