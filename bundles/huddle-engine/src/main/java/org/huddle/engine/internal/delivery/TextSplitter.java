package org.huddle.engine.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.huddle.api.ChatException;

/**
 * Splits text too long for one datagram of a wire with a small limit (backchannel: 1024 bytes, and its
 * clients crash on more) into numbered parts, {@code (1/3) …}, each fitting, cut at a space where one is
 * near. Whether a part fits is for the codec to say, since escaping makes JSON length hard to predict.
 */
public final class TextSplitter {

    /** Beyond this a paste is more likely a mistake than a message; refused rather than flooding a room. */
    static final int MAX_PARTS = 8;

    private TextSplitter() {
    }

    /**
     * @param fits whether one part, numbering included, encodes within the wire's limit
     * @return the text alone when it fits, else its numbered parts in order
     * @throws ChatException when more than {@link #MAX_PARTS} parts would be needed
     */
    static List<String> split(String text, Predicate<String> fits) {
        if (fits.test(text)) {
            return List.of(text);
        }
        int expected = 2;
        while (true) {
            List<String> parts = greedy(text, expected, fits);
            if (parts.size() > MAX_PARTS) {
                throw new ChatException("text too long: it would take more than " + MAX_PARTS
                        + " messages on this wire; send it in shorter pieces");
            }
            if (parts.size() <= expected) {
                List<String> numbered = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    numbered.add(label(i + 1, parts.size()) + parts.get(i));
                }
                return numbered;
            }
            expected = parts.size();
        }
    }

    private static String label(int part, int of) {
        return "(" + part + "/" + of + ") ";
    }

    /** Cuts parts as long as fit with a label as wide as {@code (n/n)}, so relabelling never overflows. */
    private static List<String> greedy(String text, int expected, Predicate<String> fits) {
        String widest = label(expected, expected);
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            if (parts.size() > MAX_PARTS) {
                return parts;
            }
            int end = longestFitting(text, start, widest, fits);
            if (end <= start) {
                throw new ChatException("text cannot be split to fit this wire");
            }
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end - 1);
                if (space > start + (end - start) / 2) {
                    end = space + 1; // keep words whole when a space is in the latter half
                }
            }
            parts.add(text.substring(start, end).strip());
            start = end;
        }
        return parts;
    }

    /** @return the end of the longest piece from {@code start} that fits, on a code point boundary */
    private static int longestFitting(String text, int start, String label, Predicate<String> fits) {
        int low = 0;
        int high = text.codePointCount(start, text.length());
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (fits.test(label + text.substring(start, text.offsetByCodePoints(start, mid)))) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return text.offsetByCodePoints(start, low);
    }
}
