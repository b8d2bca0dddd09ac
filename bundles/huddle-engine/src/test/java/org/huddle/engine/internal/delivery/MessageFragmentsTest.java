package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.huddle.api.ChatException;
import org.huddle.api.transport.Envelope.Fragment;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

public class MessageFragmentsTest {

    private static final MessageCodec CODEC = new JsonMessageCodec();
    private static final String ID = "0123456789abcdef";
    /** The longest handle and room there are, the handle of 4-byte characters: the least room for text. */
    private static final String LONG_HANDLE = "\ud83d\ude00".repeat(32);
    private static final String LONG_ROOM = "r".repeat(64);

    private static List<String> parts(String content) {
        return MessageFragments.parts(CODEC, ID, LONG_HANDLE, LONG_ROOM, content);
    }

    /** Every part fits as sent (first numbers) and as replayed under any number, with the widest values there are. */
    private static void assertEachFits(List<String> parts) {
        int n = parts.size();
        for (int i = 0; i < n; i++) {
            for (Envelope.Extras extras : List.of(Envelope.Extras.fragment(i + 1, n),
                    new Envelope.Extras(new Fragment(n, n), true, List.of(), Map.of(), "", List.of()))) {
                for (long number : new long[] { 1, Long.MAX_VALUE }) {
                    int index = i;
                    CODEC.encode(new Envelope(Envelope.Type.MESSAGE, ID, LONG_HANDLE, LONG_ROOM, number, number,
                            parts.get(index), extras));
                }
            }
        }
    }

    static Stream<Arguments> longTexts() {
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; mixed.length() < 30_000; i++) {
            mixed.append("word").append(i).append(" \u00e9\u20ac\ud83d\ude00\t\"\\\u0001 ");
        }
        return Stream.of(
                Arguments.of("60 KiB of ASCII", "abcdefghij".repeat(6 * 1024)),
                Arguments.of("15,000 emoji (surrogate pairs)", "\ud83d\ude00".repeat(15_000)),
                Arguments.of("one ASCII letter then emoji", "a" + "\ud83d\udc4d".repeat(10_000)),
                Arguments.of("20,000 quotes", "\"".repeat(20_000)),
                Arguments.of("10,000 control characters", "\u0001".repeat(10_000)),
                Arguments.of("mixed", mixed.toString()),
                Arguments.of("exactly 65,536 bytes", "x".repeat(MessageFragments.MAX_TEXT_BYTES)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("longTexts")
    void longTextIsCutIntoPartsThatFitAndJoinToTheTextExactly(String name, String text) {
        List<String> parts = parts(text);
        assertTrue(parts.size() >= 2 && parts.size() <= Fragment.MAX_COUNT, parts.size() + " parts");
        assertEquals(text, String.join("", parts));
        assertEachFits(parts);
        for (String part : parts) {
            assertFalse(part.isEmpty());
            assertFalse(Character.isLowSurrogate(part.charAt(0)), "a part starts inside a surrogate pair");
            assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "a part ends inside a surrogate pair");
        }
    }

    @Test
    void partsAreAsLongAsFitSoAlmostFullDatagrams() {
        List<String> parts = MessageFragments.parts(CODEC, ID, "bob", "lobby", "y".repeat(60_000));
        for (String part : parts.subList(0, parts.size() - 1)) {
            assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new Envelope(Envelope.Type.MESSAGE, ID,
                    "bob", "lobby", Long.MAX_VALUE, Long.MAX_VALUE, part + "y", new Envelope.Extras(
                            new Fragment(128, 128), true, List.of(), Map.of(), "", List.of()))),
                    "one more character would still have fitted");
        }
        int each = parts.get(0).length();
        assertEquals((60_000 + each - 1) / each, parts.size());
    }

    @Test
    void aSmallerDatagramLimitCutsSmallerParts() {
        int limit = MessageCodec.MAX_DATAGRAM - 71; // what an encrypted room's seal leaves
        String text = "abc \"d\" \u00e9 ".repeat(2_000);
        List<String> parts = MessageFragments.parts(CODEC, limit, ID, LONG_HANDLE, LONG_ROOM, text);
        assertEquals(text, String.join("", parts));
        assertTrue(parts.size() > parts(text).size(), parts.size() + " parts");
        for (String part : parts) {
            int size = CODEC.encode(new Envelope(Envelope.Type.MESSAGE, ID, LONG_HANDLE, LONG_ROOM, Long.MAX_VALUE,
                    Long.MAX_VALUE, part, new Envelope.Extras(new Fragment(128, 128), true, List.of(), Map.of(), "",
                            List.of()))).remaining();
            assertTrue(size <= limit, size + " bytes");
        }
        String almost = "x".repeat(1_050); // 1,202 bytes whole and replayed from bob in lobby
        assertEquals(List.of(almost), MessageFragments.parts(CODEC, ID, "bob", "lobby", almost),
                "whole within the codec's limit");
        assertEquals(2, MessageFragments.parts(CODEC, limit, ID, "bob", "lobby", almost).size(),
                "cut within the smaller one");
    }

    @Test
    void textThatFitsOneDatagramStaysWhole() {
        assertEquals(List.of("hello"), parts("hello"));
        assertEquals(List.of(""), parts(""));
    }

    @Test
    void theLongestWholeTextFitsAsReplayedAndOneCharacterMoreIsCut() {
        String whole = "z";
        while (fitsWholeReplayed(whole + "z")) {
            whole += "z";
        }
        assertEquals(List.of(whole), parts(whole));
        List<String> cut = parts(whole + "z");
        assertEquals(2, cut.size());
        assertEquals(whole + "z", String.join("", cut));
    }

    private static boolean fitsWholeReplayed(String text) {
        try {
            CODEC.encode(new Envelope(Envelope.Type.MESSAGE, ID, LONG_HANDLE, LONG_ROOM, Long.MAX_VALUE, Long.MAX_VALUE,
                    text, Envelope.Extras.replayed()));
            return true;
        } catch (IllegalArgumentException tooLong) {
            return false;
        }
    }

    @Test
    void moreThan64KiBOfTextIsRefusedWithTheSizes() {
        ChatException e = assertThrows(ChatException.class, () -> parts("x".repeat(70_000)));
        assertEquals("message too long: 70,000 bytes of text, at most 65,536; send it in shorter parts", e.getMessage());
        // Bytes, not characters: 16,385 emoji are 65,540 bytes.
        e = assertThrows(ChatException.class, () -> parts("\ud83d\ude00".repeat(16_385)));
        assertEquals("message too long: 65,540 bytes of text, at most 65,536; send it in shorter parts", e.getMessage());
        e = assertThrows(ChatException.class, () -> parts("x".repeat(MessageFragments.MAX_TEXT_BYTES + 1)));
        assertTrue(e.getMessage().startsWith("message too long: 65,537 bytes"), e.getMessage());
    }

    @Test
    void textNeedingMoreThanTheMostPartsIsRefused() {
        // 30,000 control characters are 30,000 bytes of text but 180,000 on the wire, each escaped as \\u0001.
        ChatException e = assertThrows(ChatException.class, () -> parts("\u0001".repeat(30_000)));
        assertTrue(e.getMessage().startsWith("message too long: it would take more than 128 datagrams"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; send it in shorter parts"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void utf8LengthCountsAsTheEncoderDoes() {
        for (String s : List.of("", "a", "\u00e9", "\u20ac", "\ud83d\ude00", "a\u00e9\u20ac\ud83d\ude00\u0000")) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, MessageFragments.utf8Length(s), s);
        }
        assertEquals(3, MessageFragments.utf8Length("\ud83d"), "an unpaired surrogate counts as much as it may take");
    }

    /**
     * The bound that spares a chat line its trial encoding holds for every kind of character the codec escapes
     * or writes as it is, alone and in every mix: were it ever short, a message would be sent too long.
     */
    @Test
    void escapedBoundIsNeverLessThanTheEncodedText() {
        String[] kinds = { "a", " ", "~", "\"", "\\", "/", "<", "\u0000", "\u001f", "\u007f", "\u0080", "\u00e9", "\u07ff",
                "\u0800", "\u2028", "\u202e", "\ufeff", "\uffff", "\ud83d\ude00", "\ud83d", "\ude00" };
        int empty = CODEC.encode(new Envelope(Envelope.Type.MESSAGE, ID, "h", "r", 1, 1, "")).remaining();
        java.util.Random random = new java.util.Random(8);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int n = round < kinds.length ? 1 : 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                text.append(round < kinds.length ? kinds[round] : kinds[random.nextInt(kinds.length)]);
            }
            String t = text.toString();
            int encoded = CODEC.encode(new Envelope(Envelope.Type.MESSAGE, ID, "h", "r", 1, 1, t)).remaining() - empty;
            assertTrue(encoded <= MessageFragments.escapedBound(t),
                    () -> "bound " + MessageFragments.escapedBound(t) + " < " + encoded + " for " + t.codePoints()
                            .mapToObj(Integer::toHexString).toList());
        }
        assertEquals(1024, MessageFragments.escapedBound("x".repeat(1024)), "plain ASCII counts as itself");
    }

    /** A kilobyte of plain text fits one datagram whole, as the benchmark's 1 KiB messages do. */
    @Test
    void aKilobyteOfPlainTextIsOneDatagram() {
        assertEquals(1, MessageFragments.parts(CODEC, ID, "node0", "bench", "x".repeat(1024)).size());
    }
}
