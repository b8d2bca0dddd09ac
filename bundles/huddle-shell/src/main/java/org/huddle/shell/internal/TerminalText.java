package org.huddle.shell.internal;

/**
 * Makes text from the network safe to print on a terminal: control characters (which include the ESC
 * that starts ANSI sequences) and bidirectional overrides are shown as escapes instead of acting on the
 * terminal or reordering what the user sees.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
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

    private static String replacement(char c) {
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
        if (Character.isISOControl(c) || isBidiControl(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    /** The embeddings, overrides and isolates of Unicode's bidirectional algorithm, and the marks. */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\u061c';
    }
}
