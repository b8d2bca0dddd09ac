package org.huddle.engine.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.huddle.api.ChatException;
import org.huddle.api.transport.Envelope.Fragment;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;

/**
 * Cuts a text too long for one datagram of Huddle's wire into the parts that go out as fragments
 * ({@code "frag": [i, n]}), each part as long as fits, cut between code points and nowhere else: the
 * receiver joins the parts as they are, so they must add up to the text exactly.
 *
 * <p>Whether a part fits is checked with the widest values its envelope can ever carry (sequence number and
 * timestamp {@link Long#MAX_VALUE}, fragment {@code [128, 128]}, the replay flag set), so the same cut holds
 * whatever number a part is sent under, and also when the message is replayed from history later with its
 * one sequence number. The codec decides, since escaping makes the length of JSON hard to predict.
 */
public final class MessageFragments {

    /** The most text one message may carry, in UTF-8 bytes: what issue 6 promises receivers to reassemble. */
    public static final int MAX_TEXT_BYTES = 64 * 1024;

    /** The widest fragment field there is: every part is cut to fit it. */
    private static final Fragment WIDEST = new Fragment(Fragment.MAX_COUNT, Fragment.MAX_COUNT);

    private static final Envelope.Extras WHOLE_REPLAYED = Envelope.Extras.replayed();

    private static final Envelope.Extras PART_REPLAYED = new Envelope.Extras(WIDEST, true, List.of(), Map.of(), "",
            List.of());

    private MessageFragments() {
    }

    /**
     * @param codec    Huddle's wire codec
     * @param senderId the id the message goes out under
     * @return the content alone when it fits one datagram, else its parts in order (at least two, at most
     *         {@link Fragment#MAX_COUNT}), which joined give the content
     * @throws ChatException when the content is longer than {@link #MAX_TEXT_BYTES} or would need more than
     *                       {@link Fragment#MAX_COUNT} parts; nothing is to be sent then
     */
    public static List<String> parts(MessageCodec codec, String senderId, String handle, String room, String content) {
        return parts(codec, codec.maxDatagram(), senderId, handle, room, content);
    }

    /**
     * As {@link #parts(MessageCodec, String, String, String, String)}, each datagram at most {@code maxDatagram}
     * bytes: less than the codec's limit where something is added on the way (an encrypted room's seal).
     */
    public static List<String> parts(MessageCodec codec, int maxDatagram, String senderId, String handle, String room,
            String content) {
        long bytes = utf8Length(content);
        if (bytes > MAX_TEXT_BYTES) {
            throw new ChatException("message too long: " + grouped(bytes) + " bytes of text, at most "
                    + grouped(MAX_TEXT_BYTES) + "; send it in shorter parts");
        }
        if (surelyFits(codec, maxDatagram, senderId, handle, room, content)
                || fits(codec, maxDatagram, senderId, handle, room, content, WHOLE_REPLAYED)) {
            return List.of(content);
        }
        // No part is longer than a datagram in code points: each takes at least one byte of it.
        int widest = maxDatagram;
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            if (parts.size() == Fragment.MAX_COUNT) {
                throw new ChatException("message too long: it would take more than " + Fragment.MAX_COUNT
                        + " datagrams (characters that need escaping, such as quotes, backslashes and control "
                        + "characters, take up to 6 bytes each); send it in shorter parts");
            }
            int end = longestFitting(codec, maxDatagram, senderId, handle, room, content, start, widest);
            if (end == start) {
                throw new ChatException("message cannot be cut to fit a datagram with this handle and room");
            }
            parts.add(content.substring(start, end));
            start = end;
        }
        return parts;
    }

    /** @return the end of the longest piece from {@code start} that fits as a part, on a code point boundary */
    private static int longestFitting(MessageCodec codec, int maxDatagram, String senderId, String handle,
            String room, String content, int start, int widest) {
        int low = 0;
        int high = Math.min(widest, content.codePointCount(start, content.length()));
        // Escaping only ever lengthens text, so no piece longer than its plain UTF-8 allows beside the empty
        // envelope can fit; the longest that short usually does (text without quotes or control characters),
        // and then one encoding finds the cut that a search would have taken a dozen for.
        int overhead = encodedLength(codec, senderId, handle, room, "", PART_REPLAYED);
        if (overhead >= 0) {
            int plain = plainLongest(content, start, high, maxDatagram - overhead);
            String piece = content.substring(start, content.offsetByCodePoints(start, plain));
            if (fits(codec, maxDatagram, senderId, handle, room, piece, PART_REPLAYED)) {
                return content.offsetByCodePoints(start, plain);
            }
            high = Math.max(0, plain - 1);
        }
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            String piece = content.substring(start, content.offsetByCodePoints(start, mid));
            if (fits(codec, maxDatagram, senderId, handle, room, piece, PART_REPLAYED)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return content.offsetByCodePoints(start, low);
    }

    /** @return how many code points from {@code start}, at most {@code most}, take at most {@code bytes} in UTF-8 */
    private static int plainLongest(String content, int start, int most, int bytes) {
        int used = 0;
        int count = 0;
        for (int i = start; i < content.length() && count < most;) {
            int cp = content.codePointAt(i);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + width > bytes) {
                break;
            }
            used += width;
            count++;
            i += Character.charCount(cp);
        }
        return count;
    }

    /**
     * Whether the text fits by {@link #escapedBound}, beside the widest envelope without text: a chat line, and
     * plain text up to about a kilobyte, is known to fit without being encoded twice. The envelope without text
     * is measured once per sender, handle and room.
     */
    private static boolean surelyFits(MessageCodec codec, int maxDatagram, String senderId, String handle, String room,
            String text) {
        Overhead o = overhead;
        if (o == null || o.codec != codec || !o.senderId.equals(senderId) || !o.handle.equals(handle)
                || !o.room.equals(room)) {
            o = new Overhead(codec, senderId, handle, room, encodedLength(codec, senderId, handle, room, "", WHOLE_REPLAYED));
            overhead = o;
        }
        return o.bytes >= 0 && o.bytes + escapedBound(text) <= maxDatagram;
    }

    /**
     * @return at least as many bytes as any JSON encoder makes of the text: printable ASCII is written as it is
     *         (a quote or backslash escaped by one more), and nothing else takes more than 6 bytes a UTF-16 unit
     *         (a backslash, u and four hex digits), raw UTF-8 at most 3 (4 a surrogate pair)
     */
    static long escapedBound(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c >= 0x20 && c < 0x7f ? (c == '"' || c == '\\' ? 2 : 1) : 6;
        }
        return bytes;
    }

    private record Overhead(MessageCodec codec, String senderId, String handle, String room, int bytes) {
    }

    /** The last one measured: one node says nearly everything with one handle in one room at a time. */
    private static volatile Overhead overhead;

    /** @return the encoded length, or -1 when the codec refuses the envelope */
    private static int encodedLength(MessageCodec codec, String senderId, String handle, String room, String text,
            Envelope.Extras extras) {
        try {
            return codec.encode(new Envelope(Envelope.Type.MESSAGE, senderId, handle, room, Long.MAX_VALUE,
                    Long.MAX_VALUE, text, extras)).remaining();
        } catch (IllegalArgumentException tooLong) {
            return -1;
        }
    }

    private static boolean fits(MessageCodec codec, int maxDatagram, String senderId, String handle, String room,
            String text, Envelope.Extras extras) {
        try {
            return codec.encode(new Envelope(Envelope.Type.MESSAGE, senderId, handle, room, Long.MAX_VALUE,
                    Long.MAX_VALUE, text, extras)).remaining() <= maxDatagram;
        } catch (IllegalArgumentException tooLong) {
            return false;
        }
    }

    /**
     * @return how many bytes the text takes in UTF-8, counted without encoding it (an unpaired surrogate as 3
     *         bytes, the most an encoder makes of it)
     */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** @return the number with thousands separators, as {@code 65,536}, whatever the default locale */
    static String grouped(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }
}
