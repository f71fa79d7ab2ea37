package io.github.approvalgate.testing.moto;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.testing.LocalAwsClients;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SNS topic in moto with an SQS queue subscribed to it, standing in for the approval notification topic and its
 * e-mail subscriber: what was published can be read back. moto delivers to the queue as SNS does (the notification
 * JSON with {@code Subject} and {@code Message}).
 */
public final class TopicInbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message published to the topic. */
    public record Notice(String subject, String message) {
    }

    private final SnsClient sns;
    private final SqsClient sqs;
    private final String topicArn;
    private final String queueUrl;
    private final List<Notice> received = new ArrayList<>();

    public TopicInbox(URI motoEndpoint) {
        this(motoEndpoint, "approval-notification-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A topic of this name (as a pipeline's approval action names it), with its queue. */
    public TopicInbox(URI motoEndpoint, String name) {
        sns = LocalAwsClients.sns(motoEndpoint);
        sqs = LocalAwsClients.sqs(motoEndpoint);
        topicArn = sns.createTopic(create -> create.name(name)).topicArn();
        queueUrl = sqs.createQueue(create -> create.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(subscribe -> subscribe.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    public String topicArn() {
        return topicArn;
    }

    /** Every notice published so far (one short receive per call, at most 10 messages each, until the queue is empty). */
    public synchronized List<Notice> notices() {
        for (int batch = 0; batch < 100; batch++) {
            var messages = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                break;
            }
            for (var message : messages) {
                try {
                    JsonNode body = JSON.readTree(message.body());
                    received.add(new Notice(body.path("Subject").asText(null), body.path("Message").asText()));
                } catch (Exception e) {
                    throw new IllegalStateException("not an SNS notification: " + message.body(), e);
                }
                sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return List.copyOf(received);
    }

    /** Forgets what was received. */
    public synchronized void clear() {
        notices();
        received.clear();
    }

    @Override
    public void close() {
        sns.close();
        sqs.close();
    }
}
