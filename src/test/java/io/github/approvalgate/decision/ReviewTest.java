package io.github.approvalgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.approvalgate.pipeline.ActionRun;
import io.github.approvalgate.review.AiReviewRecord;

/** A review entry names the model and the AI's verdict only from the AI reviewer's record of that very run. */
class ReviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PERSON = "arn:aws:iam::123456789012:user/alice";
    private static final String EXECUTION = "0b6c7a8e-1111-2222-3333-444455556666";

    @Test
    void theAiStagesEntryNamesTheModelAndTheAisVerdictNextToThePersonsDecision() {
        ActionRun run = run("AiReview", "AiReview", ActionRun.SUCCEEDED, PERSON, "Checked the vendor window");
        AiReviewRecord escalated = new AiReviewRecord(EXECUTION, "AiReview/AiReview", AiReviewRecord.Step.ESCALATED,
                "us.anthropic.claude-haiku-4-5-20251001-v1:0", Optional.of("A person must judge the timing."));

        JsonNode review = JSON.valueToTree(Review.of(run, Optional.of(escalated)));

        assertEquals(PERSON, review.path("reviewer").asText());
        assertEquals("approved", review.path("decision").asText());
        assertEquals("Checked the vendor window", review.path("comment").asText());
        assertEquals("us.anthropic.claude-haiku-4-5-20251001-v1:0", review.path("model").asText());
        assertEquals("escalate", review.path("ai_verdict").asText());
        assertEquals("A person must judge the timing.", review.path("ai_reason").asText());
    }

    @Test
    void withoutARecordedVerdictTheEntryIsAsBefore() {
        ActionRun run = run("Approval", "Approval", ActionRun.FAILED, PERSON, "no");
        AiReviewRecord asked = new AiReviewRecord(EXECUTION, "AiReview/AiReview", AiReviewRecord.Step.ASKED, "m.x",
                Optional.empty());

        JsonNode plain = JSON.valueToTree(Review.of(run, Optional.empty()));
        JsonNode onlyAsked = JSON.valueToTree(Review.of(run, Optional.of(asked)));

        assertEquals(JSON.valueToTree(Review.of(run)), plain);
        assertEquals(plain, onlyAsked, "asked, no verdict: nothing to name");
        assertNull(plain.get("model"), "no new field unless there is something to say");
    }

    @Test
    void aRecordOfAnotherActionIsNotThisRunsReview() {
        AiReviewRecord record = new AiReviewRecord(EXECUTION, "AiReview/AiReview", AiReviewRecord.Step.APPROVED, "m.x",
                Optional.of("ok"));
        AiReviewsOfExecution.Found found = new AiReviewsOfExecution.Found(Optional.of(record));

        assertEquals(Optional.empty(), found.of(run("Approval", "Approval", ActionRun.SUCCEEDED, PERSON, "ok")));
        assertEquals(Optional.of(record), found.of(run("AiReview", "AiReview", ActionRun.SUCCEEDED, PERSON, "ok")));
    }

    private static ActionRun run(String stage, String action, String status, String updatedBy, String summary) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return new ActionRun(stage, action, "Approval", "Manual", status, Optional.ofNullable(updatedBy),
                Optional.ofNullable(summary), Optional.empty(), Map.of(), Map.of(), at, at, Optional.empty(),
                Map.of());
    }
}
