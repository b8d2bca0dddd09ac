package org.huddle.codec.json.internal;

/**
 * The rules for names on the wires of other programs, which allow longer names than Huddle's own
 * ({@link org.huddle.api.Names}); lengths are counted in code points, as there.
 */
final class WireText {

    private WireText() {
    }

    /** @return the length in code points */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** @return whether {@code text} is 1 to {@code max} code points long */
    static boolean hasLength(String text, int max) {
        return !text.isEmpty() && length(text) <= max;
    }

    /**
     * @return whether {@code text} is 1 to {@code max} code points long with no control characters, which a
     *         name must not carry because it is shown on a line of its own
     */
    static boolean isName(String text, int max) {
        return hasLength(text, max) && text.codePoints().noneMatch(Character::isISOControl);
    }

    /** @return at most the first {@code max} code points of {@code text}, never half a surrogate pair */
    static String prefix(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return length(text) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }
}
