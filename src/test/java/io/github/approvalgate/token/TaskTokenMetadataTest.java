package io.github.approvalgate.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TaskTokenMetadataTest {

    private static int storedBytes(Map<String, String> written) {
        // S3 stores the first "x-amz-meta-" as the header prefix, not as part of the key.
        return written.entrySet().stream()
                .mapToInt(e -> e.getKey().replaceFirst("^x-amz-meta-", "").getBytes(UTF_8).length
                        + e.getValue().getBytes(UTF_8).length)
                .sum();
    }

    @Test
    void writesTheDoubledHeaderThatBoto3ReadersExpect() {
        Map<String, String> metadata = TaskTokenMetadata.forRequest("tok", "summary");

        assertEquals("tok", metadata.get("x-amz-meta-x-amz-meta-sfntoken"));
        assertEquals("summary", metadata.get(TaskTokenMetadata.REVISION_SUMMARY_KEY));
    }

    @Test
    void readsTokensWrittenEitherWay() {
        assertEquals(Optional.of("seed"), TaskTokenMetadata.tokenIn(Map.of("x-amz-meta-sfntoken", "seed")));
        assertEquals(Optional.of("java"), TaskTokenMetadata.tokenIn(Map.of("sfntoken", "java")));
        assertEquals(Optional.empty(), TaskTokenMetadata.tokenIn(Map.of("other", "x")));
        assertEquals(Optional.empty(), TaskTokenMetadata.tokenIn(Map.of("x-amz-meta-sfntoken", " ")));
    }

    @Test
    void largestTokenThatFitsIsAcceptedAndTheSummaryGivesWay() {
        String token = "t".repeat(TaskTokenMetadata.USER_METADATA_LIMIT_BYTES - TaskTokenMetadata.KEY.length());

        Map<String, String> metadata = TaskTokenMetadata.forRequest(token, "a summary that no longer fits");

        assertEquals(token, metadata.get("x-amz-meta-x-amz-meta-sfntoken"));
        assertFalse(metadata.containsKey(TaskTokenMetadata.REVISION_SUMMARY_KEY));
        assertTrue(storedBytes(metadata) <= TaskTokenMetadata.USER_METADATA_LIMIT_BYTES);
    }

    @Test
    void summaryIsCutToTheRoomLeftWithoutSplittingCharacters() {
        String token = "t".repeat(1900);
        String summary = "é".repeat(200); // two bytes each

        Map<String, String> metadata = TaskTokenMetadata.forRequest(token, summary);

        String kept = metadata.get(TaskTokenMetadata.REVISION_SUMMARY_KEY);
        assertTrue(summary.startsWith(kept) && !kept.isEmpty(), kept);
        assertTrue(storedBytes(metadata) <= TaskTokenMetadata.USER_METADATA_LIMIT_BYTES);
        assertTrue(storedBytes(metadata) >= TaskTokenMetadata.USER_METADATA_LIMIT_BYTES - 1);
    }

    @Test
    void tokenOverTheLimitIsRejectedWithTheNumbers() {
        String token = "t".repeat(TaskTokenMetadata.USER_METADATA_LIMIT_BYTES - TaskTokenMetadata.KEY.length() + 1);

        var error = assertThrows(TaskTokenTooLargeException.class, () -> TaskTokenMetadata.forRequest(token, "s"));

        assertTrue(error.getMessage().contains("'token' is 2030 bytes"), error.getMessage());
        assertTrue(error.getMessage().contains("at most 2029 bytes"), error.getMessage());
    }
}
