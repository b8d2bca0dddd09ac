package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.transport.Envelope.Range;
import org.junit.jupiter.api.Test;

public class SentMessagesTest {

    private static ByteBuffer datagram(long seq, int length) {
        byte[] bytes = new byte[length];
        byte[] label = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, bytes, 0, Math.min(label.length, length));
        return ByteBuffer.wrap(bytes);
    }

    /** Everything held of the ranges, at most {@code max}: no quiet time, so nothing is left out as just resent. */
    private static List<ByteBuffer> find(SentMessages sent, String room, List<Range> ranges, int max) {
        return sent.findToResend(room, ranges, max, Long.MAX_VALUE, 0, new LongAdder()).stream().map(SentMessages.Kept::datagram)
                .toList();
    }

    private static List<String> labels(List<ByteBuffer> found) {
        return found.stream().map(b -> new String(b.array(), StandardCharsets.US_ASCII).trim().replace("\0", "")).toList();
    }

    @Test
    void findsTheRangesStillHeldInOrderUpToTheMost() {
        SentMessages sent = new SentMessages();
        for (long seq = 1; seq <= 1000; seq++) {
            sent.sent("lobby", seq, datagram(seq, 20));
        }
        assertEquals(List.of("3", "4", "5", "9"), labels(find(sent, "lobby", List.of(new Range(3, 5), new Range(9, 9)), 64)));
        assertEquals(List.of("998", "999", "1000"), labels(find(sent, "lobby", List.of(new Range(998, 5_000)), 64)));
        assertEquals(64, find(sent, "lobby", List.of(new Range(1, Long.MAX_VALUE)), 64).size());
        assertTrue(find(sent, "other", List.of(new Range(1, 5)), 64).isEmpty());
    }

    @Test
    void keepsTheLatestByCountSoABurstCanBeRepaired() {
        SentMessages sent = new SentMessages();
        int total = SentMessages.PER_ROOM + 500;
        for (long seq = 1; seq <= total; seq++) {
            sent.sent("lobby", seq, datagram(seq, 100));
        }
        assertTrue(find(sent, "lobby", List.of(new Range(1, 500)), 64).isEmpty(), "pushed out");
        assertEquals(List.of(Long.toString(501)), labels(find(sent, "lobby", List.of(new Range(501, 501)), 64)));
        assertEquals(List.of(Long.toString(total)), labels(find(sent, "lobby", List.of(new Range(total, total)), 64)));
    }

    @Test
    void keepsAtMostItsBytesOfLargeDatagrams() {
        SentMessages sent = new SentMessages();
        int large = 1232;
        long fit = SentMessages.BYTES_PER_ROOM / large;
        for (long seq = 1; seq <= fit + 10; seq++) {
            sent.sent("lobby", seq, datagram(seq, large));
        }
        assertTrue(find(sent, "lobby", List.of(new Range(1, 10)), 64).isEmpty());
        assertEquals(1, find(sent, "lobby", List.of(new Range(11, 11)), 64).size());
    }

    @Test
    void numberingFromTheStartAgainForgetsTheOldConversation() {
        SentMessages sent = new SentMessages();
        for (long seq = 1; seq <= 50; seq++) {
            sent.sent("lobby", seq, datagram(seq, 20));
        }
        sent.sent("lobby", 1, datagram(1001, 20));
        assertEquals(List.of("1001"), labels(find(sent, "lobby", List.of(new Range(1, 50)), 64)));
    }

    @Test
    void skippedNumbersAreFoundByTheirOwnNumber() {
        SentMessages sent = new SentMessages();
        for (long seq : new long[] { 1, 2, 5, 6, 40 }) {
            sent.sent("lobby", seq, datagram(seq, 20));
        }
        assertEquals(List.of("5", "6", "40"), labels(find(sent, "lobby", List.of(new Range(3, 100)), 64)));
    }

    @Test
    void whatJustWentOutAgainIsNotResentForAnotherNackUntilTheQuietTimeIsOver() {
        SentMessages sent = new SentMessages();
        for (long seq = 1; seq <= 10; seq++) {
            sent.sent("lobby", seq, datagram(seq, 20));
        }
        LongAdder repeated = new LongAdder();
        long quiet = 20;
        assertEquals(List.of("3", "4"), resend(sent, 3, 4, 64, 1_000, repeated));
        // a second member asks for 3..6 a moment later: 3 and 4 just went out to the group, 5 and 6 go now
        assertEquals(List.of("5", "6"), resend(sent, 3, 6, 64, 1_005, repeated));
        assertEquals(2, repeated.sum());
        // found but not sent (over a budget) is not noted: the next NACK has it
        assertEquals(List.of("7"), labels(sent.findToResend("lobby", List.of(new Range(7, 7)), 64, 1_006, quiet, repeated)
                .stream().map(SentMessages.Kept::datagram).toList()));
        // left out for being repeated is not counted against the most per NACK
        assertEquals(List.of("7"), resend(sent, 3, 8, 1, 1_010, repeated));
        // a requester asking again after the quiet time (its resend was lost too) has it again
        assertEquals(List.of("3", "4"), resend(sent, 3, 4, 64, 1_020, repeated));
        // finding alone notes nothing: with no quiet time, all are found again
        assertEquals(List.of("3", "4", "5"), labels(find(sent, "lobby", List.of(new Range(3, 5)), 64)));
    }

    /** What NackAnswers does: finds what to send again, and notes each as sent. */
    private static List<String> resend(SentMessages sent, long from, long to, int max, long now, LongAdder repeated) {
        List<SentMessages.Kept> found = sent.findToResend("lobby", List.of(new Range(from, to)), max, now, 20, repeated);
        found.forEach(k -> sent.resent("lobby", k.sequence(), now));
        return labels(found.stream().map(SentMessages.Kept::datagram).toList());
    }
}
