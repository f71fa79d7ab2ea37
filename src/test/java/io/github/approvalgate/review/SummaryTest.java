package io.github.approvalgate.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PutApprovalResult takes at most 512 characters of summary: a longer reason is cut visibly, never silently. */
class SummaryTest {

    @Test
    void aShortReasonIsSentAsItIs() {
        String reason = "r".repeat(AiReviewService.MAX_SUMMARY);
        assertEquals(reason, AiReviewService.summary(reason));
    }

    @Test
    void aLongReasonIsCutTo512CharactersWithAMarker() {
        String summary = AiReviewService.summary("x".repeat(2000));

        assertEquals(AiReviewService.MAX_SUMMARY, summary.length());
        assertTrue(summary.endsWith(AiReviewService.TRUNCATED), summary);
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        int end = AiReviewService.MAX_SUMMARY - AiReviewService.TRUNCATED.length();
        String reason = "a".repeat(end - 1) + "😀" + "tail".repeat(100);

        String summary = AiReviewService.summary(reason);

        assertTrue(summary.length() <= AiReviewService.MAX_SUMMARY);
        assertTrue(summary.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp)), "no lone surrogate");
        assertEquals("a".repeat(end - 1) + AiReviewService.TRUNCATED, summary);
    }

    @Test
    void aReasonOfManyBytesIsCutToWhatTheRecordKeeps() {
        String summary = AiReviewService.summary("é".repeat(400)); // 400 characters, 800 bytes of UTF-8

        assertTrue(summary.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= AiReviewRecord.MAX_REASON_BYTES,
                summary);
        assertTrue(summary.endsWith(AiReviewService.TRUNCATED), summary);
        assertTrue(summary.length() > 250, "cut only as far as needed: " + summary.length());
    }
}
