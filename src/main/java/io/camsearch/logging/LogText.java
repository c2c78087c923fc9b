package io.camsearch.logging;

/**
 * Makes a value from outside (a record key, an id, a URL, a message that quotes them) safe to put
 * in a log line: control characters are escaped, so that a key holding a line break cannot forge a
 * log line of its own, and over-long values are cut.
 */
public final class LogText {

    private static final int MAX_LENGTH = 512;

    private LogText() {
    }

    /** {@code value} with every control character (line breaks, escape sequences) written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}. */
    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder out = null;
        int end = Math.min(s.length(), MAX_LENGTH);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(end + 16).append(s, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        String escaped = out != null ? out.toString() : s.substring(0, end);
        return s.length() > MAX_LENGTH ? escaped + "..." : escaped;
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            // C0 and C1 controls, and the Unicode line and paragraph separators some viewers break on.
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : null;
        };
    }
}
