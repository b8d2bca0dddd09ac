package org.huddle.api;

/**
 * Makes text from the network safe to print on a terminal: control characters (C0, DEL and C1, which include
 * the ESC that starts ANSI sequences and its 8-bit form CSI), Unicode's line and paragraph separators,
 * bidirectional controls and lone surrogates are shown as escapes (a backslash, {@code u} and four hex digits;
 * {@code \n}, {@code \r} and {@code \t} for the common ones) instead of acting on the terminal, breaking the
 * line or reordering what the user sees. Everything else, emoji and other scripts included, is shown as it is;
 * so is a backslash, so an escape in a line may also be what someone typed.
 *
 * <p>For front ends that print to a terminal: every line they print from the network or from a user goes
 * through {@link #escape(String)}.
 *
 * @since 1.4.0
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * @param text any text
     * @return the text with every character that could act on a terminal shown as an escape
     */
    public static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(text, i);
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static String replacement(String text, int i) {
        char c = text.charAt(i);
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (Character.isISOControl(c) || isBidiControl(c) || isLineSeparator(c) || isLoneSurrogate(text, i)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** Unicode's own line breaks, which editors (and some terminals) break a line at. */
    private static boolean isLineSeparator(char c) {
        return c == '\u2028' || c == '\u2029';
    }

    /**
     * Half of a surrogate pair without its other half is no character: terminals show garbage or a replacement,
     * and some swallow what follows it.
     */
    private static boolean isLoneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }

    /** The embeddings, overrides and isolates of Unicode's bidirectional algorithm, and the marks. */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\u061c';
    }
}
