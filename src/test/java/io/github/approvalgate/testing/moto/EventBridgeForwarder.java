package io.github.approvalgate.testing.moto;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Puts events on moto's default event bus, where a rule with the template's pattern matches them, and hands each
 * matched event to a consumer. moto cannot invoke a Lambda target, so the rule targets an SQS queue that this
 * forwarder polls: what reaches the consumer is exactly what the rule let through, in EventBridge's envelope.
 *
 * <p>
 * A consumer or SQS error is not retried (that would hide it behind the queue's visibility timeout): it is kept in
 * {@link #errors()} for the test to fail on at once.
 */
public final class EventBridgeForwarder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Consumer<String> target;
    private final Thread poller;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean busy;

    /** One rule per pattern, all targeting the same queue, as the template's rules all target approval-result. */
    public EventBridgeForwarder(EventBridgeClient eventBridge, SqsClient sqs, List<String> eventPatterns,
            Consumer<String> target) {
        this.eventBridge = eventBridge;
        this.sqs = sqs;
        this.target = target;
        String name = "approval-events-" + UUID.randomUUID().toString().substring(0, 8);
        // A short visibility timeout: a message received but never deleted comes back within seconds, not 30.
        queueUrl = sqs.createQueue(create -> create.queueName(name)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
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
    public void put(String eventJson) {
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

    /** What went wrong while forwarding (empty when every matched event reached the consumer). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** True once every event put so far has been matched, forwarded and consumed (or failed, see {@link #errors}). */
    public boolean drained() {
        if (busy) {
            return false;
        }
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return !busy && counts.values().stream().allMatch("0"::equals);
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                busy = !messages.isEmpty();
                for (Message message : messages) {
                    try {
                        target.accept(message.body());
                    } catch (RuntimeException e) {
                        errors.add("forwarding " + message.body() + " failed: " + e);
                    }
                    sqs.deleteMessage(delete -> delete.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } catch (RuntimeException e) {
                if (running) {
                    errors.add("polling " + queueUrl + " failed: " + e);
                    sleep(Duration.ofMillis(200));
                }
            } finally {
                busy = false;
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
