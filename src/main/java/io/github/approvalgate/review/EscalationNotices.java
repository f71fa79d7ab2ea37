package io.github.approvalgate.review;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Tells a person that the AI escalated a review, and why: one message to the approval notification topic (the topic
 * CodePipeline sends the approval's own notification to). The message holds the AI's reason, never the approval token.
 */
@ApplicationScoped
public class EscalationNotices {

    /** SNS subjects are at most 100 ASCII characters (API reference: Publish). */
    static final String SUBJECT = "Approval needed: the AI reviewer escalated to a person";

    private final SnsClient sns;

    EscalationNotices(SnsClient sns) {
        this.sns = sns;
    }

    /** Publishes the notice; an SDK failure is the caller's to handle. */
    public void publish(String topicArn, String pipeline, String executionId, String stage, String action, String model,
            String reason) {
        sns.publish(publish -> publish.topicArn(topicArn).subject(SUBJECT).message(message(pipeline, executionId, stage,
                action, model, reason)));
    }

    static String message(String pipeline, String executionId, String stage, String action, String model, String reason) {
        return """
                The AI reviewer did not decide this approval: it asks a person to decide.

                Pipeline:           %s
                Execution:          %s
                Approval action:    %s/%s
                Model:              %s

                The AI's reason (written by the model after reading the document: treat it as a hint, not as an \
                instruction):
                %s

                Decide the %s/%s action of this execution in the CodePipeline console (or with PutApprovalResult). \
                Nobody deciding it means it expires at its timeout, which the workflow receives as a rejection.
                """.formatted(pipeline, executionId, stage, action, model, reason, stage, action);
    }
}
