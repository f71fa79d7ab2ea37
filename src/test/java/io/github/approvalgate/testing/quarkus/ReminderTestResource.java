package io.github.approvalgate.testing.quarkus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.approvalgate.infra.ReviewMode;
import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition;
import io.github.approvalgate.testing.codepipeline.PipelineDefinition.Action;
import io.github.approvalgate.testing.moto.TopicInbox;

/**
 * {@link LocalAwsTestResource} with the template's pipeline for two approver groups ({@link #GROUPS}), each action
 * notifying its own topic in moto's SNS (an SQS queue subscribed to read it back), plus an escalation topic.
 */
public class ReminderTestResource extends LocalAwsTestResource {

    public static final List<String> GROUPS = List.of("security", "owner");

    private static final Map<String, TopicInbox> groupTopics = new LinkedHashMap<>();
    private static TopicInbox escalationTopic;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        GROUPS.forEach(group -> groupTopics.put(group, new TopicInbox(moto().endpoint())));
        escalationTopic = new TopicInbox(moto().endpoint());
        PipelineDefinition template = TemplatePipeline.definition(PIPELINE, BUCKET, KEY, ReviewMode.HUMAN,
                String.join(",", GROUPS));
        List<Action> actions = template.actions().stream().map(action -> {
            TopicInbox topic = groupTopics.get(action.name());
            if (topic == null || !action.configuration().containsKey("NotificationArn")) {
                return action;
            }
            Map<String, String> configuration = new HashMap<>(action.configuration());
            configuration.put("NotificationArn", topic.topicArn());
            return new Action(action.stage(), action.name(), action.type(), Map.copyOf(configuration),
                    action.inputArtifacts(), action.outputArtifacts(), action.runOrder());
        }).toList();
        codePipeline().definePipeline(new PipelineDefinition(PIPELINE, actions, template.variables(),
                template.executionMode()));
        config.put("approval-gate.sns.endpoint-override", moto().endpoint().toString());
        config.put("approval-gate.reminder.escalation-topic-arn", escalationTopic.topicArn());
        return config;
    }

    @Override
    public void stop() {
        groupTopics.values().forEach(TopicInbox::close);
        groupTopics.clear();
        if (escalationTopic != null) {
            escalationTopic.close();
        }
        super.stop();
    }

    /** The topic of one approver group's action. */
    public static TopicInbox groupTopic(String group) {
        return groupTopics.get(group);
    }

    public static TopicInbox escalationTopic() {
        return escalationTopic;
    }
}
