package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
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
        hub.flush();
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            expected.add(i);
        }
        assertEquals(expected, received(200));
        assertTrue(bobSees.notices.stream().noneMatch(n -> n.text().startsWith("lost ")), bobSees.notices.toString());
    }

    @Test
    void lostDatagramsAreReportedAndEverythingElseArrivesOnceInOrder() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        hub.lossPercent.set(20);
        for (int i = 1; i <= 300; i++) {
            alice.say("m" + i);
        }
        hub.lossPercent.set(0);
        alice.say("end"); // sequence 301 closes the last gap, if any
        List<Long> got = new ArrayList<>();
        long last = 0;
        while (last != 301) {
            ChatMessage m = bobSees.next();
            assertTrue(m.sequence() > last, "in order and once: " + m.sequence() + " after " + last);
            last = m.sequence();
            got.add(last);
        }
        long reported = 0;
        Notice n;
        while ((n = bobSees.notices.poll(200, TimeUnit.MILLISECONDS)) != null) {
            Matcher matcher = LOST.matcher(n.text());
            if (matcher.matches()) {
                reported += Long.parseLong(matcher.group(1));
            }
        }
        assertTrue(got.size() < 301, "the hub lost some: " + got.size());
        assertEquals(301 - got.size(), reported, "every missing message is reported lost, no more");
    }
}
