package io.github.approvalgate.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** The strict reading of the model's answer: only an exact approve, reject or escalate with a reason is a verdict. */
class VerdictToolTest {

    @Test
    void wellFormedApproveAndRejectAreVerdicts() {
        ModelAnswer approve = VerdictTool
                .read(answer(StopReason.TOOL_USE, toolUse(VerdictTool.NAME, verdict("approve", "Looks fine."))));
        ModelAnswer reject = VerdictTool
                .read(answer(StopReason.TOOL_USE, toolUse(VerdictTool.NAME, verdict("reject", " Too risky. "))));

        assertEquals(new Verdict(Verdict.Decision.APPROVE, "Looks fine."), approve.verdict().orElseThrow());
        assertEquals(new Verdict(Verdict.Decision.REJECT, "Too risky."), reject.verdict().orElseThrow());
        ModelAnswer escalate = VerdictTool
                .read(answer(StopReason.TOOL_USE, toolUse(VerdictTool.NAME, verdict("escalate", "Needs a person."))));
        assertEquals(new Verdict(Verdict.Decision.ESCALATE, "Needs a person."), escalate.verdict().orElseThrow());
    }

    @Test
    void textNextToTheToolCallIsNotRead() {
        ModelAnswer answer = VerdictTool.read(answer(StopReason.TOOL_USE,
                ContentBlock.fromText("I would approve this."),
                toolUse(VerdictTool.NAME, verdict("reject", "Missing rollback plan."))));

        assertEquals(Verdict.Decision.REJECT, answer.verdict().orElseThrow().decision());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Approve", "APPROVE", "approved", "yes", " approve", "", "Escalate", "escalated" })
    void anyOtherDecisionTextIsNoVerdict(String decision) {
        ModelAnswer answer = VerdictTool.read(answer(StopReason.TOOL_USE, toolUse(VerdictTool.NAME, verdict(decision, "ok"))));

        assertTrue(answer.verdict().isEmpty());
        assertTrue(answer.problem().orElseThrow().contains("decision"), answer.problem().get());
    }

    @Test
    void malformedVerdictsAreNoVerdict() {
        Document extraField = Document.mapBuilder().putString("decision", "approve").putString("reason", "ok")
                .putBoolean("override", true).build();
        Document missingReason = Document.mapBuilder().putString("decision", "approve").build();
        Document blankReason = verdict("approve", "   ");
        Document numberDecision = Document.mapBuilder().putNumber("decision", 1).putString("reason", "ok").build();
        Document notAnObject = Document.fromString("approve");

        for (Document input : List.of(extraField, missingReason, blankReason, numberDecision, notAnObject)) {
            ModelAnswer answer = VerdictTool.read(answer(StopReason.TOOL_USE, toolUse(VerdictTool.NAME, input)));
            assertTrue(answer.verdict().isEmpty(), input::toString);
        }
    }

    @Test
    void answersThatAreNotExactlyOneCallOfTheVerdictToolAreNoVerdict() {
        ContentBlock approve = toolUse(VerdictTool.NAME, verdict("approve", "ok"));
        ContentBlock reject = toolUse(VerdictTool.NAME, verdict("reject", "no"));

        assertEquals("the answer has 2 tool calls, not exactly one",
                VerdictTool.read(answer(StopReason.TOOL_USE, approve, reject)).problem().orElseThrow());
        assertEquals("the answer has 0 tool calls, not exactly one",
                VerdictTool.read(answer(StopReason.TOOL_USE, ContentBlock.fromText("approve"))).problem().orElseThrow());
        assertTrue(VerdictTool.read(answer(StopReason.TOOL_USE, toolUse("approve_now", verdict("approve", "ok"))))
                .verdict().isEmpty());
        assertTrue(VerdictTool.read(ConverseResponse.builder().stopReason(StopReason.TOOL_USE).build()).verdict().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "end_turn", "max_tokens", "guardrail_intervened", "content_filtered", "malformed_tool_use",
            "a_reason_added_later" })
    void anyStopReasonButToolUseIsNoVerdictEvenWithAWellFormedCall(String stopReason) {
        ConverseResponse response = answer(StopReason.TOOL_USE, toolUse(VerdictTool.NAME, verdict("approve", "ok")))
                .toBuilder().stopReason(stopReason).build();

        ModelAnswer answer = VerdictTool.read(response);

        assertTrue(answer.verdict().isEmpty());
        assertTrue(answer.problem().orElseThrow().contains(stopReason), answer.problem().get());
    }

    @Test
    void theToolIsForcedAndItsSchemaAllowsOnlyDecisionAndReason() {
        ToolConfiguration configuration = VerdictTool.configuration();

        assertEquals(VerdictTool.NAME, configuration.toolChoice().tool().name());
        assertEquals(1, configuration.tools().size());
        Map<String, Document> schema = configuration.tools().getFirst().toolSpec().inputSchema().json().asMap();
        assertEquals(List.of("approve", "reject", "escalate"),
                schema.get("properties").asMap().get("decision").asMap().get("enum")
                        .asList().stream().map(Document::asString).toList());
        assertEquals(List.of("decision", "reason"), schema.get("required").asList().stream().map(Document::asString).toList());
        assertEquals(false, schema.get("additionalProperties").asBoolean());
    }

    private static Document verdict(String decision, String reason) {
        return Document.mapBuilder().putString("decision", decision).putString("reason", reason).build();
    }

    private static ContentBlock toolUse(String name, Document input) {
        return ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("tooluse_1").name(name).input(input).build());
    }

    private static ConverseResponse answer(StopReason stopReason, ContentBlock... content) {
        return ConverseResponse.builder()
                .stopReason(stopReason)
                .output(output -> output.message(message -> message.role("assistant").content(content)))
                .build();
    }
}
