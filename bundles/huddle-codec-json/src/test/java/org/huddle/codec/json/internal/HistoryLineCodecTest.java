package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryLineCodecTest {

    private static final String ID = "0123456789abcdef";

    private final HistoryLineCodec codec = new HistoryLineCodec();

    private static Envelope message(String id, String handle, long seq, String content) {
        return new Envelope(Envelope.Type.MESSAGE, id, handle, "lobby", seq, 1_700_000_000_000L, content);
    }

    @Test
    void aHuddleMessageIsWrittenExactlyAsOnTheWire() {
        Envelope e = message(ID, "alice", 7, "hi");
        assertEquals(StandardCharsets.UTF_8.decode(new JsonMessageCodec().encode(e)).toString(),
                StandardCharsets.UTF_8.decode(codec.encode(e)).toString());
    }

    @Test
    void aBackchannelMessageRoundTripsWithItsClientIdLongHandleAndNoSequence() throws Exception {
        Envelope e = message("a1b2c3d4e5", "h".repeat(HistoryLineCodec.MAX_HANDLE), 0, "from backchannel");
        assertEquals(e, codec.decode(codec.encode(e)));
    }

    @Test
    void textLongerThanADatagramRoundTripsOnOneLine() throws Exception {
        Envelope e = message(ID, "alice", 3, "line one\nline two\r\u0000 \u2028 " + "x".repeat(64 * 1024));
        ByteBuffer line = codec.encode(e);
        assertFalse(StandardCharsets.UTF_8.decode(line.duplicate()).toString().contains("\n"),
                "a newline in the text is escaped, so the line stays one line");
        assertEquals(e, codec.decode(line));
    }

    /** Escaped, 64 KiB of control characters take six times as many bytes: still one line, and still the text. */
    @Test
    void sixtyFourKibOfControlCharactersStillFit() throws Exception {
        Envelope e = message(ID, "alice", 1, "\u0001".repeat(64 * 1024));
        ByteBuffer line = codec.encode(e);
        assertTrue(line.remaining() > 6 * 64 * 1024, line.remaining() + " bytes");
        assertEquals(e, codec.decode(line));
    }

    @Test
    void keepsTheMessageNotHowItTravelled() throws Exception {
        Envelope part = new Envelope(Envelope.Type.MESSAGE, ID, "alice", "lobby", 7, 1_700_000_000_000L, "hi",
                new Envelope.Extras(new Envelope.Fragment(2, 3), true, java.util.List.of(), java.util.Map.of(), "",
                        java.util.List.of()));
        Envelope whole = message(ID, "alice", 7, "hi");
        assertEquals(StandardCharsets.UTF_8.decode(codec.encode(whole)).toString(),
                StandardCharsets.UTF_8.decode(codec.encode(part)).toString());
        assertEquals(whole, codec.decode(new JsonMessageCodec().encode(part)));
    }

    @Test
    void refusesToEncodeAnythingButAChatMessage() {
        Envelope ping = new Envelope(Envelope.Type.PING, ID, "alice", "", 1, 1, "?");
        assertThrows(IllegalArgumentException.class, () -> codec.encode(ping));
        Envelope hello = new Envelope(Envelope.Type.HELLO, ID, "alice", "", 0, 1, "");
        assertThrows(IllegalArgumentException.class, () -> codec.encode(hello));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NOT_JSON            | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":1,"conte
            FOREIGN             | {"client_id":"abc","handle":"x","content":"hi"}
            UNSUPPORTED_VERSION | {"v":2,"type":"msg"}
            UNKNOWN_TYPE        | {"v":1,"type":"hello","id":"0123456789abcdef","handle":"a","room":"","seq":0,"ts":1,"content":""}
            UNKNOWN_TYPE        | {"v":1,"type":"history?","id":"0123456789abcdef","handle":"a","room":"r","seq":5,"ts":1,"content":""}
            UNKNOWN_TYPE        | {"v":1,"type":"ping","id":"0123456789abcdef","handle":"a","room":"","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"","handle":"a","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a\\u0007","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"..%2F","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":-1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":-1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":1}
            """)
    void refusesDamagedLinesWithTheirReason(Reason reason, String line) {
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> codec.decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8))));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitIsOversized() {
        byte[] big = new byte[HistoryLineCodec.MAX_LINE + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> codec.decode(ByteBuffer.wrap(big)));
        assertEquals(Reason.OVERSIZED, e.reason());
    }
}
