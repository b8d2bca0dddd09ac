package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.huddle.api.transport.Envelope;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.delivery.RepairRequests;
import org.huddle.engine.internal.delivery.NackAnswers;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What forged datagrams cannot make a node do (found by EngineFuzzTest): count absurd losses, multicast a
 * NACK storm for made-up gaps, or answer every made-up stranger with a hello of its own.
 */
class ForgedTrafficTest {

    private static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());
    private static final InetSocketAddress FROM = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    private final InVmTransport transport = new InVmTransport("bob", new InVmTransport.Hub());
    private final RecordingListener bobSees = new RecordingListener();
    /** Held: the budgets per second give exact counts however slow the machine is. */
    private final TestTime bobTime = new TestTime();
    private final ChatEngine bob = new ChatEngine("bob", 100, CODECS, HistoryStore.inMemory(), 300, (m, t) -> { },
            bobTime.engineTime());

    ForgedTrafficTest() {
        bob.listeners(List.of(bobSees));
        bob.bindTransport(transport);
        bob.join("lobby");
    }

    @AfterEach
    void stop() {
        bob.deactivate();
    }

    private void forge(String senderId, long seq) {
        bob.received(CODECS.huddle().encode(new Envelope(Envelope.Type.MESSAGE, senderId, "mallory", "lobby", seq,
                System.currentTimeMillis(), "forged")), FROM);
    }

    private long delivery(String counter) {
        return bob.stats().delivery().get(counter);
    }

    @Test
    void aHugeJumpInNumberingIsReportedAsAJumpNotCountedAsLoss() throws Exception {
        forge("00000000000000aa", 1);
        forge("00000000000000aa", Long.MAX_VALUE - 1);
        bobTime.advance(Duration.ofSeconds(1)); // past the hold: the gap is given up
        bobSees.awaitNotice(t -> t.equals("mallory's numbering in lobby jumped ahead by " + (Long.MAX_VALUE - 3)
                + "; the messages in between are not counted as lost"));
        assertEquals(0, delivery("lost"));
        assertEquals(1, delivery("numbering-jumps"));
    }

    @Test
    void forgedGapsFromThousandsOfSendersCostAtMostTheNackBudget() throws Exception {
        for (int i = 0; i < 3000; i++) {
            forge(String.format("%016x", 0x1000 + i), 5); // each a gap of 1..4 to ask for
        }
        Await.until(Duration.ofSeconds(10), () -> delivery("nacks-refused") > 0, () -> "a NACK refused: " + bob.stats().delivery());
        assertEquals(RepairRequests.STRANGER_NACKS_PER_SECOND, delivery("nacks-sent"), "the strangers' share of one second");
        bobTime.advance(Duration.ofSeconds(1));
        Await.until(Duration.ofSeconds(10), () -> delivery("nacks-sent") == 2 * RepairRequests.STRANGER_NACKS_PER_SECOND,
                () -> "the next second's share: " + bob.stats().delivery());
        long refused = delivery("nacks-refused");
        Await.until(Duration.ofSeconds(10), () -> delivery("nacks-refused") > refused, () -> "refused again");
        assertEquals(2 * RepairRequests.STRANGER_NACKS_PER_SECOND, delivery("nacks-sent"), "and no more");
    }

    @Test
    void forgedNacksFromStrangersGetOnlyTheirOwnShareOfResends() throws Exception {
        for (int i = 1; i <= 200; i++) {
            bob.say("m" + i);
        }
        for (int i = 0; i < 200; i++) { // each asks for all 200 of bob's messages
            bob.received(CODECS.huddle().encode(new Envelope(Envelope.Type.NACK, String.format("%016x", 0x3000 + i),
                    "mallory", "lobby", 0, System.currentTimeMillis(), "",
                    Envelope.Extras.nack(bob.selfId(), List.of(new Envelope.Range(1, 200))))), FROM);
        }
        assertEquals(NackAnswers.STRANGER_RESENDS_PER_SECOND, delivery("resent"), "resent for 40,000 asked by strangers");
        assertTrue(delivery("resends-refused") > 0, bob.stats().delivery().toString());
        // what went out again a moment ago is not sent again for the next NACK, whoever asks
        assertTrue(delivery("resends-repeated") > 0, bob.stats().delivery().toString());
    }

    @Test
    void forgedNacksForADepartedSenderGetOnlyTheStrangersShareToo() throws Exception {
        String departed = "00000000000000cc"; // never said hello: not in the room, so bob answers from history
        for (int i = 1; i <= 20; i++) {
            forge(departed, i);
        }
        for (int i = 1; i <= 20; i++) {
            assertEquals(i, bobSees.next().sequence()); // in the room's history now
        }
        for (int i = 0; i < 200; i++) { // each asks for all 20 of the departed sender's messages
            bob.received(CODECS.huddle().encode(new Envelope(Envelope.Type.NACK, String.format("%016x", 0x4000 + i),
                    "mallory", "lobby", 0, System.currentTimeMillis(), "",
                    Envelope.Extras.nack(departed, List.of(new Envelope.Range(1, 20))))), FROM);
        }
        // before: 500 a second, the whole budget that bob's own repair needs too
        assertEquals(NackAnswers.STRANGER_RESENDS_PER_SECOND, delivery("resent-for-others"),
                "resent for 4,000 asked by strangers");
        assertTrue(delivery("resends-refused") > 0, bob.stats().delivery().toString());
    }

    @Test
    void aBurstOfStrangersIsAnsweredWithOneHello() throws Exception {
        long before = transport.stats().datagramsSent();
        for (int i = 0; i < 100; i++) {
            bob.received(CODECS.huddle().encode(new Envelope(Envelope.Type.HELLO, String.format("%016x", 0x2000 + i),
                    "stranger", "", 0, System.currentTimeMillis(), "", Envelope.Extras.hello(List.of(), Map.of("lobby", 0L)))),
                    FROM);
        }
        Thread.sleep(Presence.ANSWER_SPREAD_MILLIS + 300); // every answer would have gone by now (a wait for an absence)
        long sent = transport.stats().datagramsSent() - before;
        assertTrue(sent <= 2, sent + " datagrams sent in answer to 100 strangers");
    }
}
