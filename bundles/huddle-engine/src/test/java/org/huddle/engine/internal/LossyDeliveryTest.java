package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two engines on an in-VM hub that loses and reorders datagrams on purpose. */
class LossyDeliveryTest {

    private static final Pattern LOST = Pattern.compile("lost (\\d+) messages? from alice in lobby");

    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final RecordingListener aliceSees = new RecordingListener();
    private final RecordingListener bobSees = new RecordingListener();
    private final ChatEngine alice = ChatEngineTest.engine("alice", aliceSees, new InVmTransport("a", hub));
    private final ChatEngine bob = ChatEngineTest.engine("bob", bobSees, new InVmTransport("b", hub));

    @AfterEach
    void stop() {
        alice.deactivate();
        bob.deactivate();
    }

    private List<Long> received(int count) throws InterruptedException {
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(bobSees.next().sequence());
        }
        return sequences;
    }

    @Test
    void reorderedDatagramsAreDeliveredInTheSendersOrder() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        hub.swapAdjacent = true;
        for (int i = 1; i <= 200; i++) {
            alice.say("m" + i);
        }
        alice.flushSends();
        hub.flush();
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            expected.add(i);
        }
        assertEquals(expected, received(200));
        assertTrue(bobSees.notices.stream().noneMatch(n -> n.text().startsWith("lost ")), bobSees.notices.toString());
    }

    @Test
    void lostDatagramsAreRepairedByNacksAndArriveOnceInOrder() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        hub.lossPercent.set(20); // NACKs and retransmissions are lost as often as anything else
        for (int i = 1; i <= 300; i++) {
            alice.say("m" + i);
        }
        alice.flushSends();
        hub.lossPercent.set(0);
        alice.say("end"); // sequence 301 reveals a gap at the very end, if any
        long last = 0;
        while (last != 301) {
            ChatMessage m = bobSees.next();
            assertEquals(last + 1, m.sequence(), "every message, once, in order");
            last = m.sequence();
        }
        assertTrue(bobSees.notices.stream().noneMatch(n -> n.text().startsWith("lost ")), bobSees.notices.toString());
    }

    @Test
    void whatNobodyCanResendIsReportedLostAndWhatFollowsIsDelivered() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        for (int i = 1; i <= 10; i++) {
            alice.say("m" + i);
        }
        alice.flushSends();
        hub.lossPercent.set(100);
        for (int i = 11; i <= 20; i++) {
            alice.say("m" + i);
        }
        alice.flushSends();
        hub.lossPercent.set(0);
        alice.say("m21");
        alice.deactivate(); // gone before any NACK reaches her: nobody holds 11 to 20
        List<Long> got = received(11);
        assertEquals(21L, got.get(10), got.toString());
        Notice n = Await.next(bobSees.notices, x -> LOST.matcher(x.text()).matches(), RecordingListener.DEADLINE,
                "a lost notice");
        assertEquals("lost 10 messages from alice in lobby", n.text());
    }
}
