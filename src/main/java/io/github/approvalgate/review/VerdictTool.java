package io.github.approvalgate.review;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * The one tool the model must call to answer, {@value #NAME}, and the strict reading of its answer. The SDK in use has
 * no JSON-schema output mode, so a forced tool call is the structured answer: {@code toolChoice} names the tool, and the
 * answer is a {@code toolUse} block with {@code stopReason} {@code tool_use} (API reference: Converse, ToolChoice).
 */
public final class VerdictTool {

    public static final String NAME = "record_verdict";
    static final String DECISION = "decision";
    static final String REASON = "reason";

    private VerdictTool() {
    }

    /** The tool, its JSON input schema, and {@code toolChoice} forcing the model to call it. */
    public static ToolConfiguration configuration() {
        Document schema = Document.mapBuilder()
                .putString("type", "object")
                .putDocument("properties", Document.mapBuilder()
                        .putDocument(DECISION, Document.mapBuilder()
                                .putString("type", "string")
                                .putList("enum", Arrays.stream(Verdict.Decision.values())
                                        .map(decision -> Document.fromString(decision.wireName())).toList())
                                .putString("description", "approve or reject the document, or escalate it when a person "
                                        + "must decide")
                                .build())
                        .putDocument(REASON, Document.mapBuilder()
                                .putString("type", "string")
                                .putString("description", "why, in a few sentences a person can act on")
                                .build())
                        .build())
                .putList("required", List.of(Document.fromString(DECISION), Document.fromString(REASON)))
                .putBoolean("additionalProperties", false)
                .build();
        return ToolConfiguration.builder()
                .tools(Tool.builder().toolSpec(spec -> spec
                        .name(NAME)
                        .description("Records the review's verdict on the document.")
                        .inputSchema(input -> input.json(schema))).build())
                .toolChoice(choice -> choice.tool(tool -> tool.name(NAME)))
                .build();
    }

    /**
     * Reads the verdict strictly: {@code stopReason} {@code tool_use}, exactly one {@code toolUse} block, of this tool,
     * whose input has exactly {@code decision} ("approve", "reject" or "escalate") and a non-blank {@code reason}. Text blocks
     * next
     * to it are not read. Anything else is no verdict.
     */
    public static ModelAnswer read(ConverseResponse response) {
        if (response.stopReason() == StopReason.GUARDRAIL_INTERVENED) {
            return ModelAnswer.guardrailIntervention();
        }
        if (response.stopReason() != StopReason.TOOL_USE) {
            return ModelAnswer.none("the model stopped with '" + response.stopReasonAsString() + "', not tool_use");
        }
        List<ContentBlock> content = response.output() == null || response.output().message() == null
                ? List.of()
                : response.output().message().content();
        List<ToolUseBlock> toolUses = content.stream().map(ContentBlock::toolUse).filter(use -> use != null).toList();
        if (toolUses.size() != 1) {
            return ModelAnswer.none("the answer has " + toolUses.size() + " tool calls, not exactly one");
        }
        ToolUseBlock use = toolUses.getFirst();
        if (!NAME.equals(use.name())) {
            return ModelAnswer.none("the answer calls a tool other than " + NAME);
        }
        Document input = use.input();
        if (input == null || !input.isMap()) {
            return ModelAnswer.none("the verdict is not a JSON object");
        }
        Map<String, Document> fields = input.asMap();
        if (!fields.keySet().equals(Set.of(DECISION, REASON))) {
            return ModelAnswer.none("the verdict's fields are " + fields.keySet().stream().sorted().toList()
                    + ", not exactly [decision, reason]");
        }
        Optional<Verdict.Decision> decision = text(fields.get(DECISION)).flatMap(VerdictTool::decision);
        if (decision.isEmpty()) {
            return ModelAnswer.none("the verdict's decision is not exactly \"approve\", \"reject\" or \"escalate\"");
        }
        Optional<String> reason = text(fields.get(REASON)).map(String::strip).filter(text -> !text.isEmpty());
        if (reason.isEmpty()) {
            return ModelAnswer.none("the verdict gives no reason");
        }
        return ModelAnswer.of(new Verdict(decision.get(), reason.get()));
    }

    private static Optional<String> text(Document value) {
        return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static Optional<Verdict.Decision> decision(String value) {
        return Arrays.stream(Verdict.Decision.values()).filter(d -> d.wireName().equals(value)).findFirst();
    }
}
