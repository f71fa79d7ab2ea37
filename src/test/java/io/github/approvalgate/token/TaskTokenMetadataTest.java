package io.github.approvalgate.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

        String kept = MetadataText.decode(metadata.get(TaskTokenMetadata.REVISION_SUMMARY_KEY));
        assertTrue(summary.startsWith(kept) && !kept.isEmpty(), kept);
        assertTrue(storedBytes(metadata) <= TaskTokenMetadata.USER_METADATA_LIMIT_BYTES);
        // One more "é" would cost its encoded six characters ("=C3=A9") or a new encoded-word.
        assertTrue(storedBytes(metadata) >= TaskTokenMetadata.USER_METADATA_LIMIT_BYTES - 20, () -> "" + storedBytes(metadata));
    }

    @Test
    void tokenOverTheLimitIsRejectedWithTheNumbers() {
        String token = "t".repeat(TaskTokenMetadata.USER_METADATA_LIMIT_BYTES - TaskTokenMetadata.KEY.length() + 1);

        var error = assertThrows(TaskTokenTooLargeException.class, () -> TaskTokenMetadata.forRequest(token, "s"));

        assertTrue(error.getMessage().contains("'token' is 2030 bytes"), error.getMessage());
        assertTrue(error.getMessage().contains("at most 2029 bytes"), error.getMessage());
    }

    static Stream<Arguments> nonAsciiRequests() {
        return Stream.of(
                Arguments.of("Freigabe prüfen", "Entwürfe/Preisliste Größe.html"),
                Arguments.of("承認を待つ", "承認/価格表.html"),
                Arguments.of("a".repeat(40) + "ä".repeat(40), "ü".repeat(512)),
                Arguments.of("審".repeat(80), "キ".repeat(341)));
    }

    @ParameterizedTest
    @MethodSource("nonAsciiRequests")
    void everyValueWrittenIsUsAsciiWithinTheLimitAndReadsBackAsWritten(String state, String key) {
        String token = "AAAAKgAAAAIAAAAAAAAAAd" + "x".repeat(900);
        String summary = "Approval requested by Step Functions state '" + state + "' for s3://bucket/" + key;

        Map<String, String> metadata = TaskTokenMetadata.forRequest(token, summary);

        metadata.forEach((k, v) -> {
            assertTrue(isUsAsciiHeaderText(k), k);
            assertTrue(isUsAsciiHeaderText(v), () -> k + ": " + v);
        });
        assertTrue(storedBytes(metadata) <= TaskTokenMetadata.USER_METADATA_LIMIT_BYTES, () -> "" + storedBytes(metadata));
        assertEquals(Optional.of(token), TaskTokenMetadata.tokenIn(Map.of(TaskTokenMetadata.KEY,
                metadata.get("x-amz-meta-" + TaskTokenMetadata.KEY))));
        String shown = MetadataText.decode(metadata.get(TaskTokenMetadata.REVISION_SUMMARY_KEY));
        assertTrue(summary.startsWith(shown) && shown.length() > 40, shown);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Freigabe prüfen", "承認を待つ", "plain ascii", "a=?b?=c",
            "tab\tand\nnewline", "😀 emoji", "" })
    void encodingIsReversibleAndAsciiValuesStayAsTheyAre(String text) {
        String encoded = MetadataText.encode(text);

        assertTrue(isUsAsciiHeaderText(encoded), encoded);
        assertEquals(text, MetadataText.decode(encoded));
        if (text.equals("plain ascii") || text.isEmpty()) {
            assertEquals(text, encoded);
        }
        for (String word : encoded.split(" ")) {
            assertTrue(word.length() <= MetadataText.MAX_ENCODED_WORD || MetadataText.isPlainAscii(text), word);
        }
    }

    @Test
    void readsEncodedWordsInEitherEncodingAndPlainValuesFromTheReferenceDesign() {
        assertEquals("Freigabe prüfen", MetadataText.decode("=?UTF-8?B?RnJlaWdhYmUgcHLDvGZlbg==?="));
        assertEquals("Freigabe prüfen", MetadataText.decode("=?utf-8?q?Freigabe_pr=C3=BCfen?="));
        assertEquals("承認を待つ", MetadataText.decode("=?UTF-8?B?5om/?= =?UTF-8?B?6KqN44KS5b6F44Gk?="));
        assertEquals("prüfen", MetadataText.decode("=?ISO-8859-1?Q?pr=FCfen?="));
        assertEquals(Optional.of("seed-token"), TaskTokenMetadata.tokenIn(Map.of("x-amz-meta-sfntoken", "seed-token")));
        assertEquals(Optional.of("tök"), TaskTokenMetadata.tokenIn(Map.of("sfntoken", "=?UTF-8?Q?t=C3=B6k?=")));
        assertEquals("=?unknown-charset?Q?x?=", MetadataText.decode("=?unknown-charset?Q?x?="), "kept as written");
    }

    /** What an HTTP header may carry for S3: printable US-ASCII and spaces. */
    private static boolean isUsAsciiHeaderText(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }
}
