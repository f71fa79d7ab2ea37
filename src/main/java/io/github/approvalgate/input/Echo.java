package io.github.approvalgate.input;

/**
 * Untrusted values as they may appear in error messages and logs. Lambda reports a function error through a response
 * header, so an echoed value must stay short whatever its size; control characters are replaced so that a value cannot
 * forge extra log lines.
 */
public final class Echo {

    /** The most characters of a value an error message shows. */
    public static final int MAX_CHARS = 100;

    private Echo() {
    }

    /**
     * The value quoted, cut to {@link #MAX_CHARS} characters with its full length appended when longer, e.g.
     * {@code 'aaaa…(100000 chars)'}; {@code null} reads as {@code null}.
     */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        int end = end(value);
        return "'" + shown(value, end) + "'" + lengthAfter(value, end);
    }

    /** Like {@link #quoted} without the quotes, for a log field of its own; {@code null} stays {@code null}. */
    public static String bounded(String value) {
        if (value == null) {
            return null;
        }
        int end = end(value);
        return shown(value, end) + lengthAfter(value, end);
    }

    private static int end(String value) {
        return value.length() <= MAX_CHARS ? value.length() : cutPoint(value);
    }

    private static String shown(String value, int end) {
        StringBuilder shown = new StringBuilder();
        value.substring(0, end).codePoints()
                .forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c));
        return shown.toString();
    }

    private static String lengthAfter(String value, int end) {
        return end < value.length() ? "…(" + value.length() + " chars)" : "";
    }

    /** {@link #MAX_CHARS}, moved back by one when that would split a surrogate pair. */
    private static int cutPoint(String value) {
        return Character.isLowSurrogate(value.charAt(MAX_CHARS)) ? MAX_CHARS - 1 : MAX_CHARS;
    }
}
