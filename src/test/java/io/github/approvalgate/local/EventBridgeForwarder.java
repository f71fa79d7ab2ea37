package io.github.approvalgate.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Puts events on moto's default event bus, where a rule with the template's pattern matches them, and hands each
 * matched event to a consumer. moto cannot invoke a Lambda target, so the rule targets an SQS queue that this
 * forwarder polls: what reaches the consumer is exactly what the rule let through, in EventBridge's envelope.
 */
final class EventBridgeForwarder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Consumer<String> target;
    private final Thread poller;
    private volatile boolean running = true;

    /** One rule per pattern, all targeting the same queue, as the template's rules all target approval-result. */
    EventBridgeForwarder(EventBridgeClient eventBridge, SqsClient sqs, List<String> eventPatterns, Consumer<String> target) {
        this.eventBridge = eventBridge;
        this.sqs = sqs;
        this.target = target;
        String name = "approval-events-" + UUID.randomUUID().toString().substring(0, 8);
        queueUrl = sqs.createQueue(create -> create.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        for (int i = 0; i < eventPatterns.size(); i++) {
            String rule = name + "-" + i;
            String pattern = eventPatterns.get(i);
            eventBridge.putRule(put -> put.name(rule).eventPattern(pattern));
            eventBridge.putTargets(put -> put.rule(rule).targets(t -> t.id("approval-result").arn(queueArn)));
        }
        poller = Thread.ofPlatform().daemon().name("eventbridge-forwarder").start(this::poll);
    }

    /** Puts one event, given as EventBridge's JSON envelope, on the default bus. */
    void put(String eventJson) {
        PutEventsResponse response = eventBridge.putEvents(put -> put.entries(entryOf(eventJson)));
        if (response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the event: " + response.entries());
        }
    }

    private static PutEventsRequestEntry entryOf(String eventJson) {
        try {
            JsonNode event = JSON.readTree(eventJson);
            List<String> resources = new ArrayList<>();
            event.path("resources").forEach(resource -> resources.add(resource.asText()));
            return PutEventsRequestEntry.builder()
                    .source(event.path("source").asText())
                    .detailType(event.path("detail-type").asText())
                    .detail(event.path("detail").toString())
                    .resources(resources)
                    .build();
        } catch (Exception e) {
            throw new IllegalArgumentException("not an EventBridge event: " + eventJson, e);
        }
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                for (Message message : messages) {
                    target.accept(message.body());
                    sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } catch (RuntimeException e) {
                if (running) {
                    sleep(Duration.ofMillis(200));
                }
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        try {
            poller.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
