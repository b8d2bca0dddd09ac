package org.huddle.engine.internal.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.huddle.api.ChatMessage;
import org.huddle.engine.internal.HistorySyncTest;
import org.junit.jupiter.api.Test;

/**
 * Merging a replay into a room's history in memory; with the room's file, see {@link HistoryStoreTest} and
 * {@link HistorySyncTest}.
 */
public class HistoryBufferTest {

    private static final String ALICE = "00000000000a11ce";
    private static final String BOB = "0000000000000b0b";
    private static final Instant SAME_MILLISECOND = Instant.ofEpochMilli(1_700_000_000_000L);

    private static ChatMessage message(String sender, long sequence, Instant time) {
        return new ChatMessage("lobby", sender, sender.equals(ALICE) ? "alice" : "bob", sequence, time,
                sender.equals(ALICE) ? "a" + sequence : "b" + sequence, false);
    }

    private static List<String> contents(HistoryBuffer history) {
        return history.latest(Integer.MAX_VALUE).stream().map(ChatMessage::content).toList();
    }

    @Test
    void aSendersMessagesOfOneMillisecondAreMergedInTheirOrderWhateverOrderTheReplayCameIn() {
        // As a replay under loss arrives: a message whose first copy was lost comes after the next one.
        HistoryBuffer history = new HistoryBuffer(100);
        int merged = history.merge(List.of(message(ALICE, 1, SAME_MILLISECOND), message(ALICE, 3, SAME_MILLISECOND),
                message(ALICE, 2, SAME_MILLISECOND), message(ALICE, 4, SAME_MILLISECOND)));
        assertEquals(4, merged);
        assertEquals(List.of("a1", "a2", "a3", "a4"), contents(history));
    }

    @Test
    void aReplayedMessageGoesBeforeAHeldOneOfTheSameMillisecondThatTheSenderSaidLater() {
        HistoryBuffer history = new HistoryBuffer(100);
        history.add(message(ALICE, 2, SAME_MILLISECOND));
        history.add(message(ALICE, 3, SAME_MILLISECOND));
        assertEquals(1, history.merge(List.of(message(ALICE, 1, SAME_MILLISECOND), message(ALICE, 2, SAME_MILLISECOND))));
        assertEquals(List.of("a1", "a2", "a3"), contents(history));
    }

    @Test
    void timeComesFirstAcrossSendersAndHeldMessagesAreNotRepeated() {
        HistoryBuffer history = new HistoryBuffer(100);
        history.add(message(BOB, 7, SAME_MILLISECOND.plusMillis(2)));
        int merged = history.merge(List.of(message(ALICE, 9, SAME_MILLISECOND.plusMillis(1)),
                message(BOB, 7, SAME_MILLISECOND.plusMillis(2)), message(ALICE, 10, SAME_MILLISECOND.plusMillis(3))));
        assertEquals(2, merged);
        assertEquals(List.of("a9", "b7", "a10"), contents(history));
    }
}
