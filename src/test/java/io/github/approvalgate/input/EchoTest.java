package io.github.approvalgate.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void shortValuesAreQuotedWhole() {
        assertEquals("'pipeline-1'", Echo.quoted("pipeline-1"));
        assertEquals("'" + "x".repeat(Echo.MAX_CHARS) + "'", Echo.quoted("x".repeat(Echo.MAX_CHARS)));
        assertEquals("null", Echo.quoted(null));
    }

    @Test
    void longValuesAreCutAndSayHowLongTheyWere() {
        String shown = Echo.quoted("e".repeat(100_000));

        assertEquals("'" + "e".repeat(Echo.MAX_CHARS) + "'…(100000 chars)", shown);
    }

    @Test
    void controlCharactersCannotStartANewLogLine() {
        assertEquals("'a\uFFFDFAKE LOG LINE'", Echo.quoted("a\nFAKE LOG LINE"));
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String value = "x".repeat(Echo.MAX_CHARS - 1) + "😀" + "tail";

        String shown = Echo.quoted(value);

        assertTrue(shown.startsWith("'" + "x".repeat(Echo.MAX_CHARS - 1) + "'…("), shown);
        assertTrue(shown.codePoints().noneMatch(c -> Character.isSurrogate((char) c)), shown);
    }

    @Test
    void aBoundedValueIsCutLikeAQuotedOneWithoutTheQuotes() {
        assertEquals("e".repeat(Echo.MAX_CHARS) + "…(100000 chars)", Echo.bounded("e".repeat(100_000)));
        assertEquals("a\uFFFDb", Echo.bounded("a\nb"));
        assertEquals(null, Echo.bounded(null));
    }
}
