package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.huddle.api.ChatException;
import org.huddle.api.JoinOptions;
import org.huddle.api.Probe;
import org.huddle.api.RoomInfo;
import org.huddle.api.Wire;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Encrypted rooms between engines on an in-VM hub, with every datagram on the hub captured. */
class EncryptedRoomTest {

    private static final Codecs CODECS = HubEngines.CODECS;
    private static final JoinOptions SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "correct horse");
    private static final JoinOptions OTHER_SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "battery staple");

    private final HubEngines engines = new HubEngines("tap");
    private final InVmTransport.Hub hub = engines.hub;
    private final List<ByteBuffer> onTheWire = engines.heard;

    @AfterEach
    void stop() {
        engines.close();
    }

    private ChatEngine start(String handle, RecordingListener sees) {
        return engines.start(handle, sees);
    }

    /** Starts alice and bob, both in the encrypted room plans. @return alice; bob is the second engine running */
    private ChatEngine aliceAndBobInPlans(RecordingListener bobSees) {
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine bob = start("bob", bobSees);
        alice.join("plans", SECRET);
        bob.join("plans", SECRET);
        return alice;
    }

    private String wireText() {
        return engines.heardText();
    }

    /** Sends datagrams as someone on the network would, from an address of its own. */
    private void sendAgain(List<ByteBuffer> datagrams) {
        for (ByteBuffer datagram : datagrams) {
            hub.deliver(InVmTransport.CHANNEL, datagram.duplicate(), hub.newAddress());
        }
    }

    /**
     * A text that fits one sealed datagram as it goes out, though not beside the widest envelope there is (the
     * longest numbers, the replay flag), goes as one datagram no longer than the limit and arrives whole; a
     * longer text still goes in parts.
     */
    @Test
    void aTextThatFitsAsSentIsOneSealedDatagram() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = aliceAndBobInPlans(bobSees);
        bobSees.awaitNotice("alice is here"::equals); // she joined plans before bob
        int limit = CODECS.huddle().maxDatagram() - SealedDatagram.OVERHEAD;
        int asSent = CODECS.huddle().encode(new org.huddle.api.transport.Envelope(
                org.huddle.api.transport.Envelope.Type.MESSAGE, alice.selfId(), "alice", "plans", 1,
                System.currentTimeMillis(), "")).remaining();
        int widest = CODECS.huddle().encode(new org.huddle.api.transport.Envelope(
                org.huddle.api.transport.Envelope.Type.MESSAGE, alice.selfId(), "alice", "plans", Long.MAX_VALUE,
                Long.MAX_VALUE, "", org.huddle.api.transport.Envelope.Extras.replayed())).remaining();
        String text = "k".repeat(limit - asSent - 2);
        assertTrue(widest + text.length() > limit, "the widest envelope would cut it: " + widest + " + " + text.length());
        int before = onTheWire.size();
        alice.say(text);
        assertEquals(text, bobSees.next().content());
        List<Integer> sizes = messageSizesSince(before);
        assertEquals(1, sizes.size(), "datagrams for " + text.length() + " bytes: " + sizes);
        assertTrue(sizes.get(0) <= org.huddle.api.transport.MessageCodec.MAX_DATAGRAM, sizes + " bytes");

        String longer = "l".repeat(1600);
        before = onTheWire.size();
        alice.say(longer);
        assertEquals(longer, bobSees.next().content());
        assertEquals(2, messageSizesSince(before).size(), "datagrams for 1,600 bytes");
    }

    /** The sizes of the sealed datagrams on the wire since then that carry a message (or a part of one). */
    private List<Integer> messageSizesSince(int from) throws Exception {
        RoomSecret plans = RoomSecret.derive("plans", SECRET.passphrase());
        List<Integer> sizes = new ArrayList<>();
        List<ByteBuffer> since;
        synchronized (onTheWire) {
            since = List.copyOf(onTheWire.subList(from, onTheWire.size()));
        }
        for (ByteBuffer sealed : since) {
            ByteBuffer inner = SealedDatagram.open(plans, sealed.duplicate()).datagram();
            if (CODECS.huddle().decode(inner).type() == org.huddle.api.transport.Envelope.Type.MESSAGE) {
                sizes.add(sealed.remaining());
            }
        }
        return sizes;
    }

    @Test
    void membersTalkAndNothingOfTheRoomIsInClearOnTheWire() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine bob = start("bob", bobSees);
        RoomInfo joined = alice.join("plans", SECRET);
        assertTrue(joined.encrypted());
        assertTrue(joined.channel().endsWith("(encrypted)"), joined.channel());
        bob.join("plans", SECRET);
        bobSees.awaitNotice("alice is here"::equals); // she joined plans before bob
        alice.say("meet at the north gate at noon");
        assertEquals("meet at the north gate at noon", bobSees.next().content());
        assertEquals(1, alice.probe(new Probe(List.of(), 0, Duration.ofMillis(500), "anyone?"), r -> { }).size(),
                "bob answers a probe of the room, sealed");

        String wire = wireText();
        assertFalse(onTheWire.isEmpty());
        for (String clear : List.of("north gate", "plans", "alice", "bob", "anyone?")) {
            assertFalse(wire.contains(clear), "'" + clear + "' in clear on the wire");
        }
    }

    @Test
    void othersSeeNothingAndAreToldOnceThatTheRoomIsEncrypted() throws Exception {
        RecordingListener carolSees = new RecordingListener();
        RecordingListener daveSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine carol = start("carol", carolSees);
        ChatEngine dave = start("dave", daveSees);
        alice.join("plans", SECRET);
        carol.join("plans"); // open
        dave.join("plans", OTHER_SECRET);
        for (int i = 1; i <= 5; i++) {
            alice.say("secret " + i);
        }
        // Notices go out in order on one thread: once erin's message in an open room is shown, every notice the
        // five sealed messages caused has been shown before it.
        ChatEngine erin = start("erin", new RecordingListener());
        carol.join("lobby");
        dave.join("lobby");
        erin.join("lobby");
        erin.say("lobby", "after the secrets");
        assertEquals(List.of("after the secrets"), List.of(carolSees.next().content()), "carol sees nothing of plans");
        assertEquals(List.of("after the secrets"), List.of(daveSees.next().content()), "dave sees nothing of plans");
        assertEquals(List.of("someone uses plans as an encrypted room here: leave it and join it again with its "
                + "passphrase to read it"), toldAboutPlans(carolSees), "carol, told once");
        assertEquals(List.of("someone uses plans with another passphrase here (or another network.name, or an older "
                + "Huddle): neither side can read the other"), toldAboutPlans(daveSees), "dave, told once");
        assertTrue(carol.stats().dropped().get("no-key") >= 5, carol.stats().dropped().toString());
    }

    private static List<String> toldAboutPlans(RecordingListener sees) {
        return sees.notices.stream().map(n -> n.text()).filter(t -> t.startsWith("someone uses")).toList();
    }

    @Test
    void aCapturedDatagramSentAgainIsRefusedNowAndAfterARestart() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = aliceAndBobInPlans(bobSees);
        ChatEngine bob = engines.get(1);
        onTheWire.clear();
        alice.say("transfer 100 coins");
        assertEquals("transfer 100 coins", bobSees.next().content());
        List<ByteBuffer> captured = List.copyOf(onTheWire);
        sendAgain(captured);
        assertEquals(null, bobSees.messages.poll(200, TimeUnit.MILLISECONDS), "replayed now");

        RecordingListener restartedSees = new RecordingListener();
        ChatEngine restarted = start("bob", restartedSees);
        restarted.join("plans", SECRET);
        sendAgain(captured);
        assertEquals(null, restartedSees.messages.poll(200, TimeUnit.MILLISECONDS), "replayed after a restart");
        assertTrue(restarted.stats().dropped().get("stale") >= 1, restarted.stats().dropped().toString());
    }

    @Test
    void aChangedByteIsRefusedAndCounted() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine bob = start("bob", bobSees);
        bob.join("plans", SECRET);
        alice.join("plans", SECRET);
        onTheWire.clear();
        alice.say("hello");
        bobSees.next();
        ByteBuffer forged = onTheWire.get(0).duplicate();
        forged.put(forged.limit() - 20, (byte) (forged.get(forged.limit() - 20) ^ 1));
        sendAgain(List.of(forged));
        assertTrue(bob.stats().dropped().get("bad-seal") >= 1, bob.stats().dropped().toString());
        assertEquals(null, bobSees.messages.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void originWiresCannotBeEncryptedAndAnOpenRoomCannotBeRejoinedEncrypted() {
        ChatEngine alice = start("alice", new RecordingListener());
        ChatException e = assertThrows(ChatException.class,
                () -> alice.join("bc", new JoinOptions(Wire.BACKCHANNEL, List.of(), 0, "secret")));
        assertTrue(e.getMessage().contains("cannot be encrypted"), e.getMessage());
        assertFalse(alice.join("lobby").encrypted());
        e = assertThrows(ChatException.class, () -> alice.join("lobby", SECRET));
        assertTrue(e.getMessage().contains("passphrase"), e.getMessage());
        assertFalse(SECRET.toString().contains("horse"), SECRET.toString());
    }

    /** chat:chat plans, or /join plans, in an encrypted room already joined: that room, without its passphrase again. */
    @Test
    void anEncryptedRoomJoinedAlreadyIsSelectedByItsNameAlone() {
        ChatEngine alice = start("alice", new RecordingListener());
        alice.join("plans", SECRET);
        alice.join("lobby");
        RoomInfo plans = alice.join("plans");
        assertTrue(plans.encrypted() && plans.current(), plans.toString());
        assertTrue(alice.join("plans", SECRET).encrypted());
        ChatException e = assertThrows(ChatException.class, () -> alice.join("plans", OTHER_SECRET));
        assertTrue(e.getMessage().startsWith("already in plans"), e.getMessage());
    }
}
