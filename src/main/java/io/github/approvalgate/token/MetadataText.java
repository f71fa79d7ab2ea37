package io.github.approvalgate.token;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 user-metadata values as US-ASCII. Over REST, metadata travels in HTTP headers and must be US-ASCII: a non-ASCII
 * value makes SDK v2 requests fail with 403 {@code SignatureDoesNotMatch}. S3's user guide ("Working with object
 * metadata", user-defined metadata) describes RFC 2047 for non-US-ASCII values, and returns such values RFC 2047
 * encoded. So a value with any non-ASCII character is written as RFC 2047 encoded-words ({@code =?UTF-8?Q?...?=}, the
 * Q encoding keeps ASCII letters readable where CodePipeline shows the text), every other value exactly as it is; reading
 * decodes encoded-words in either encoding (B or Q) and leaves plain values, such as the reference design's, untouched.
 */
public final class MetadataText {

    /** RFC 2047, section 2: an encoded-word is at most 75 characters. */
    static final int MAX_ENCODED_WORD = 75;
    private static final String PREFIX = "=?UTF-8?Q?";
    private static final String SUFFIX = "?=";
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
    /** Between two adjacent encoded-words, whitespace is not part of the text (RFC 2047, section 6.2). */
    private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

    private MetadataText() {
    }

    /** The value as S3 accepts it: unchanged when it is US-ASCII without control characters, else encoded-words. */
    public static String encode(String value) {
        if (isPlainAscii(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        StringBuilder word = new StringBuilder();
        value.codePoints().forEach(codePoint -> {
            String encoded = qEncode(codePoint);
            if (PREFIX.length() + word.length() + encoded.length() + SUFFIX.length() > MAX_ENCODED_WORD) {
                appendWord(out, word);
                word.setLength(0);
            }
            word.append(encoded);
        });
        appendWord(out, word);
        return out.toString();
    }

    /** The text of a value read back from S3: encoded-words decoded, anything else as it is. */
    public static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        String joined = BETWEEN_WORDS.matcher(value).replaceAll("$1$2");
        Matcher matcher = ENCODED_WORD.matcher(joined);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(decodeWord(matcher)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether the value can go into a header as it is (printable US-ASCII and spaces, no encoded-word lookalike). */
    public static boolean isPlainAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7F) && !value.contains("=?");
    }

    private static void appendWord(StringBuilder out, StringBuilder word) {
        if (word.isEmpty()) {
            return;
        }
        if (!out.isEmpty()) {
            out.append(' ');
        }
        out.append(PREFIX).append(word).append(SUFFIX);
    }

    /** RFC 2047, section 4.2: printable ASCII other than {@code = ? _} as is, space as {@code _}, all else {@code =XX}. */
    private static String qEncode(int codePoint) {
        if (codePoint == ' ') {
            return "_";
        }
        if (codePoint > 0x20 && codePoint < 0x7F && codePoint != '=' && codePoint != '?' && codePoint != '_') {
            return Character.toString(codePoint);
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : Character.toString(codePoint).getBytes(UTF_8)) {
            hex.append('=').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
        }
        return hex.toString();
    }

    private static String decodeWord(Matcher word) {
        Charset charset;
        try {
            charset = Charset.forName(word.group(1).split("\\*", 2)[0]); // RFC 2231 allows "UTF-8*en"
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return word.group(); // not ours to read: keep it as written
        }
        String text = word.group(3);
        try {
            byte[] bytes = word.group(2).equalsIgnoreCase("B") ? Base64.getDecoder().decode(text) : qDecode(text);
            return new String(bytes, charset);
        } catch (IllegalArgumentException e) {
            return word.group();
        }
    }

    private static byte[] qDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                bytes.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '=') {
                throw new IllegalArgumentException("truncated escape");
            } else {
                bytes.write(String.valueOf(c).getBytes(US_ASCII)[0]);
            }
        }
        return bytes.toByteArray();
    }
}
