package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope.Fragment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reassembler on its own, fed as a receive window feeds it: each sender's messages in order. */
public class ReassemblyTest {

    private static final String BOB = "0123456789abcdef";
    private static final String CAROL = "fedcba9876543210";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** The test's own clock: the timer's sweeps find nothing expired, and the test sweeps when it has moved it. */
    private final AtomicLong now = new AtomicLong();
    private final List<ChatMessage> whole = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final Reassembly reassembly = reassembly(Reassembly.MAX_PENDING);

    private Reassembly reassembly(int maxPending) {
        return new Reassembly(maxPending, Reassembly.MAX_AGE_MILLIS, timer, now::get, new Reassembly.Outcome() {
            @Override
            public void whole(ChatMessage message) {
                whole.add(message);
            }

            @Override
            public void dropped(String room, String text) {
                dropped.add("[" + room + "] " + text);
            }

            @Override
            public void lost(String room, String handle, long count) {
                // these tests tell reassembly of a loss directly (its three-argument lost), as the window would
            }
        });
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static ChatMessage m(String sender, long seq, String content) {
        return new ChatMessage("lobby", sender, sender.equals(BOB) ? "bob" : "carol", seq, Instant.ofEpochMilli(seq),
                content, false);
    }

    /** Part {@code index} of {@code count} of a message whose first part is {@code firstSeq}. */
    private void part(String sender, long firstSeq, int index, int count) {
        reassembly.delivered(m(sender, firstSeq + index - 1, "p" + index + "/" + count + " "), new Fragment(index, count));
    }

    private void whole(String sender, long seq, String content) {
        reassembly.delivered(m(sender, seq, content), null);
    }

    private List<String> contents() {
        return whole.stream().map(ChatMessage::content).toList();
    }

    @Test
    void partsInOrderGiveOneMessageUnderTheLastNumberFromTheFirstPartsTime() {
        whole(BOB, 1, "before");
        part(BOB, 2, 1, 3);
        part(BOB, 2, 2, 3);
        assertEquals(List.of("before"), contents(), "nothing until the last part");
        part(BOB, 2, 3, 3);
        whole(BOB, 5, "after");
        assertEquals(List.of("before", "p1/3 p2/3 p3/3 ", "after"), contents());
        ChatMessage joined = whole.get(1);
        assertEquals(4, joined.sequence());
        assertEquals(Instant.ofEpochMilli(2), joined.timestamp());
        assertEquals("bob", joined.handle());
        assertEquals(List.of(), dropped);
        assertEquals(0, reassembly.size());
    }

    @Test
    void sendersAndRoomsAreReassembledApart() {
        part(BOB, 1, 1, 2);
        part(CAROL, 1, 1, 2);
        reassembly.delivered(new ChatMessage("other", BOB, "bob", 1, Instant.EPOCH, "o1 ", false), new Fragment(1, 2));
        part(CAROL, 1, 2, 2);
        part(BOB, 1, 2, 2);
        reassembly.delivered(new ChatMessage("other", BOB, "bob", 2, Instant.EPOCH, "o2", false), new Fragment(2, 2));
        assertEquals(List.of("p1/2 p2/2 ", "p1/2 p2/2 ", "o1 o2"), contents());
        assertEquals(List.of(CAROL, BOB, BOB), whole.stream().map(ChatMessage::senderId).toList());
        assertEquals(List.of(), dropped);
    }

    @Test
    void aLostMiddlePartDropsTheMessageOnceWithHowManyPartsWereLost() {
        part(BOB, 1, 1, 5);
        part(BOB, 1, 2, 5);
        reassembly.lost("lobby", BOB, 2); // parts 3 and 4, given up by the window
        assertEquals(List.of(), dropped, "told once it is known what is missing: when the last part is in");
        part(BOB, 1, 5, 5);
        whole(BOB, 6, "next");
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (2 of 5 parts lost)"), dropped);
        assertEquals(List.of("next"), contents());
    }

    @Test
    void aLossReachingPastTheLastPartIsReportedAtOnce() {
        part(BOB, 1, 1, 3);
        reassembly.lost("lobby", BOB, 7);
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (2 of 3 parts lost)"), dropped);
        assertEquals(0, reassembly.size());
        reassembly.lost("lobby", BOB, 3); // nothing under way: nothing more to say
        assertEquals(1, dropped.size());
    }

    @Test
    void aLostLastPartIsDroppedWhenTheTimeIsUp() {
        part(BOB, 1, 1, 3);
        part(BOB, 1, 2, 3);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(Reassembly.MAX_AGE_MILLIS) - 1);
        reassembly.expire();
        assertEquals(List.of(), dropped, "not before its time");
        now.incrementAndGet();
        reassembly.expire();
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (1 of 3 parts missing after 30 s)"),
                dropped);
        assertEquals(0, reassembly.size());
    }

    @Test
    void theTimeCountsFromEachMessagesFirstPart() {
        part(BOB, 1, 1, 2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(20));
        part(CAROL, 1, 1, 2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        reassembly.expire();
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (1 of 2 parts missing after 30 s)"),
                dropped);
        part(CAROL, 1, 2, 2);
        assertEquals(List.of("p1/2 p2/2 "), contents());
    }

    @Test
    void aNewMessageStartingWhileOneIsIncompleteDropsTheIncompleteOne() {
        part(BOB, 1, 1, 4);
        part(BOB, 1, 2, 4);
        // parts 3 and 4 never came, and the window did not notice (say, a node that restarted with that id)
        part(BOB, 5, 1, 2);
        part(BOB, 5, 2, 2);
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (2 of 4 parts lost)"), dropped);
        assertEquals(List.of("p1/2 p2/2 "), contents());
    }

    @Test
    void aWholeMessageWhileOneIsIncompleteIsDeliveredAndTheIncompleteOneDropped() {
        part(BOB, 1, 1, 3);
        whole(BOB, 4, "short");
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (2 of 3 parts lost)"), dropped);
        assertEquals(List.of("short"), contents());
    }

    @Test
    void partsWhoseBeginningIsMissingAreTakenInSilentlyAndReportedOnce() {
        part(BOB, 1, 3, 4); // the window started here, or gave up parts 1 and 2 of a message it never saw begin
        part(BOB, 1, 4, 4);
        part(BOB, 5, 2, 3); // and once more, the last part out of turn
        part(BOB, 5, 3, 3);
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (2 of 4 parts lost)",
                "[lobby] an incomplete message from bob was dropped (1 of 3 parts lost)"), dropped);
        assertEquals(List.of(), contents());
    }

    @Test
    void aSinglePartMessageIsWhole() {
        reassembly.delivered(m(BOB, 1, "one"), new Fragment(1, 1));
        assertEquals(List.of("one"), contents());
        assertEquals(0, reassembly.size());
    }

    @Test
    void moreThan64KiBOfTextIsDroppedOnceAllItsPartsAreIn() {
        String kib = "k".repeat(1024);
        for (int i = 1; i <= 65; i++) {
            reassembly.delivered(m(BOB, i, kib), new Fragment(i, 65));
        }
        whole(BOB, 66, "after");
        assertEquals(List.of("[lobby] a message from bob was dropped (more than 65,536 bytes of text)"), dropped);
        assertEquals(List.of("after"), contents());
    }

    @Test
    void exactly64KiBOfTextIsDelivered() {
        String kib = "\u00e9".repeat(512); // 1024 bytes in UTF-8
        for (int i = 1; i <= 64; i++) {
            reassembly.delivered(m(BOB, i, kib), new Fragment(i, 64));
        }
        assertEquals(List.of(kib.repeat(64)), contents());
    }

    @Test
    void beyondTheMostMessagesUnderWayTheOneBegunFirstIsDropped() {
        Reassembly small = reassembly(2);
        small.delivered(m(BOB, 1, "b"), new Fragment(1, 2));
        small.delivered(m(CAROL, 1, "c"), new Fragment(1, 2));
        small.delivered(new ChatMessage("other", BOB, "bob", 1, Instant.EPOCH, "o", false), new Fragment(1, 3));
        assertEquals(List.of("[lobby] an incomplete message from bob was dropped (1 of 2 parts missing while too "
                + "many long messages were under way)"), dropped);
        assertEquals(2, small.size());
        small.delivered(m(CAROL, 2, "c"), new Fragment(2, 2));
        assertEquals(List.of("cc"), contents());
    }

    @Test
    void aRoomLeftForgetsWhatWasUnderWayThereWithoutAWord() {
        part(BOB, 1, 1, 2);
        reassembly.delivered(new ChatMessage("other", BOB, "bob", 1, Instant.EPOCH, "o", false), new Fragment(1, 2));
        reassembly.forget("lobby");
        assertEquals(1, reassembly.size(), "the other room's message is still under way");
        assertEquals(List.of(), dropped);
    }
}
