package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.huddle.api.JoinOptions;
import org.huddle.api.Notice;
import org.huddle.api.Peer;
import org.huddle.api.Probe;
import org.huddle.api.ProbeReply;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.probes.ProbeRun;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What someone on the network without an encrypted room's passphrase cannot make its members see or do
 * (docs/security.md): each test is an attack a security review carried out against the distribution, here between
 * engines on an in-VM hub, with mallory sending what she likes in clear.
 */
class EncryptedRoomAttackTest {

    private static final Codecs CODECS = HubEngines.CODECS;
    private static final JoinOptions SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "correct horse");

    private final HubEngines engines = new HubEngines("mallory");
    private final InVmTransport.Hub hub = engines.hub;
    private final List<ByteBuffer> heard = engines.heard;
    /** Mallory: a plain socket on the room's channel, which hears everything sent there and sends anything. */
    private final Membership mallory = engines.outsider;

    @AfterEach
    void stop() {
        engines.close();
    }

    private ChatEngine start(String handle, RecordingListener sees) {
        return engines.start(handle, sees);
    }

    private void sendInClear(Envelope e) throws Exception {
        mallory.send(CODECS.huddle().encode(e));
    }

    private String heardInClear() {
        return engines.heardText();
    }

    @Test
    void presenceOfAnEncryptedRoomCannotBeForgedInClear() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = start("alice", aliceSees);
        ChatEngine bob = start("bob", new RecordingListener());
        alice.join("lobby"); // open: both say hello in clear there, under their ids
        bob.join("lobby");
        alice.join("plans", SECRET);
        bob.join("plans", SECRET);
        aliceSees.awaitNotice("bob is here"::equals);
        aliceSees.awaitNotice("bob is here"::equals); // in lobby, and in plans

        // What the review did: a bye for plans under bob's id with a handle that reads as a message, and a hello
        // under bob's id that renames him, both in clear.
        sendInClear(new Envelope(Envelope.Type.BYE, bob.selfId(), "ADMIN: new passphrase=abc", "plans", 0,
                System.currentTimeMillis(), ""));
        sendInClear(new Envelope(Envelope.Type.HELLO, bob.selfId(), "mallory", "", 0, System.currentTimeMillis(), "",
                Envelope.Extras.hello(List.of(), Map.of("plans", 0L))));
        sendInClear(new Envelope(Envelope.Type.BYE, bob.selfId(), "mallory", "", 0, System.currentTimeMillis(), ""));

        bob.join("plans", SECRET); // a sealed hello from bob: once alice has that, the forgeries had their chance
        bob.say("still here");
        Thread.sleep(200); // the forgeries were handled on the sending thread; this waits for an absence of notices
        for (Notice n : List.copyOf(aliceSees.notices)) {
            assertFalse(n.room() != null && n.room().equals("plans") && n.text().contains("left"), n.toString());
            assertFalse(n.text().contains("ADMIN"), n.toString());
        }
        List<String> inPlans = alice.peers().stream().filter(p -> p.via().contains("plans")).map(Peer::handle).toList();
        assertEquals(List.of("bob"), inPlans, "as alice lists the members of plans: " + alice.peers());
    }

    /** Known in two domains, bob is still one peer: one row with the rooms of both. */
    @Test
    void aNodeInAnOpenAndAnEncryptedRoomIsOnePeer() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = start("alice", aliceSees);
        ChatEngine bob = start("bob", new RecordingListener());
        alice.join("lobby");
        bob.join("lobby");
        alice.join("plans", SECRET);
        bob.join("plans", SECRET);
        aliceSees.awaitNotice("bob is here"::equals);
        aliceSees.awaitNotice("bob is here"::equals);
        List<Peer> peers = alice.peers();
        assertEquals(1, peers.size(), peers.toString());
        assertEquals("bob", peers.get(0).handle());
        assertEquals(java.util.Set.of("lobby", "plans"),
                java.util.Set.of(peers.get(0).via().substring("rooms ".length()).split(", ")), peers.toString());
    }

    @Test
    void aNodeInEncryptedRoomsOnlySaysNothingOfItselfInClear() throws Exception {
        ChatEngine alice = start("alice", new RecordingListener());
        RecordingListener bobSees = new RecordingListener();
        ChatEngine bob = start("bob", bobSees);
        alice.presenceInterval(50);
        bob.presenceInterval(50);
        alice.join("plans", SECRET);
        bob.join("plans", SECRET);
        bobSees.awaitNotice("alice is here"::equals);
        heard.clear(); // before joining, in no room at all, a node is found in clear like any other
        Thread.sleep(300); // six presence intervals: what each would say in clear, it would have said by now

        // A ping in clear to the bare channel, as from another subnet: a node in no open room does not answer.
        List<ProbeReply> replies = start("carol", new RecordingListener())
                .probe(new Probe(List.of("239.255.72.68"), 7446, Duration.ofMillis(300), "who is there?"), r -> { });
        assertEquals(List.of(), replies);
        alice.deactivate();
        String clear = heardInClear();
        for (String name : List.of("alice", "bob", "plans", alice.selfId(), bob.selfId())) {
            assertFalse(clear.contains(name), "'" + name + "' in clear on the channel:\n" + clear);
        }
    }

    @Test
    void aShortPassphraseIsToldToBeGuessableOffline() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = start("alice", aliceSees);
        alice.join("plans", SECRET);
        Notice told = aliceSees.awaitNotice(t -> t.startsWith("the passphrase of plans is short"));
        assertEquals(Notice.Level.WARNING, told.level());
        alice.join("strong", new JoinOptions(Wire.HUDDLE, List.of(), 0, "stove hedge lunar basket"));
        alice.say("joined");
        assertFalse(aliceSees.notices.stream().anyMatch(n -> n.text().contains("passphrase of strong")),
                aliceSees.notices.toString());
    }

    /**
     * A network name (network.name) goes into every room key: a table of guesses built for another network's
     * plans serves nothing here, and nodes that share rooms must share the name.
     */
    @Test
    void theNetworkNameIsPartOfTheKey() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        RecordingListener carolSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine bob = start("bob", bobSees);
        ChatEngine carol = start("carol", carolSees);
        alice.networkName("example.org");
        bob.networkName("example.org");
        alice.join("plans", SECRET);
        bob.join("plans", SECRET);
        carol.join("plans", SECRET); // the same passphrase, no network name
        alice.say("for example.org only");
        assertEquals("for example.org only", bobSees.next().content());
        carolSees.awaitNotice(t -> t.startsWith("someone uses plans with another passphrase"));
        assertTrue(carolSees.messages.isEmpty(), carolSees.messages.toString());
        assertFalse(RoomSecret.derive("plans", "stove hedge lunar basket", "example.org")
                .equals(RoomSecret.derive("plans", "stove hedge lunar basket")));
    }

    @Test
    void anOversizedSealedDatagramIsDroppedBeforeItIsOpened() throws Exception {
        ChatEngine bob = start("bob", new RecordingListener());
        bob.join("plans", SECRET);
        RoomSecret plans = RoomSecret.derive("plans", SECRET.passphrase());
        ByteBuffer huge = SealedDatagram.seal(plans, 7, 1, System.currentTimeMillis(), ByteBuffer.allocate(64_000));
        huge.put(huge.limit() - 1, (byte) (huge.get(huge.limit() - 1) ^ 1)); // opening it would fail its tag
        mallory.send(huge);
        Map<String, Long> dropped = bob.stats().dropped();
        assertEquals(1, dropped.get("oversized"), dropped.toString());
        assertEquals(0, dropped.get("bad-seal"), "opened before the size was checked: " + dropped);
    }

    @Test
    void aProbeOfAnEncryptedRoomTakesOnlySealedAnswersAndABoundedNumber() throws Exception {
        ChatEngine alice = start("alice", new RecordingListener());
        RecordingListener bobSees = new RecordingListener();
        ChatEngine bob = start("bob", bobSees);
        alice.join("plans", SECRET);
        bob.join("plans", SECRET);
        bobSees.awaitNotice("alice is here"::equals);
        // Mallory answers every probe she hears, in clear, and many times over from many addresses.
        Membership answering = new InVmTransport("mallory2", hub).open(InVmTransport.CHANNEL, (payload, source) -> {
            for (int i = 0; i < 1000; i++) {
                hub.unicast.getOrDefault(source, (p, s) -> { })
                        .received(ByteBuffer.wrap(("pong from bob in plans " + i).getBytes(StandardCharsets.UTF_8)),
                                hub.newAddress());
            }
        });
        try {
            List<ProbeReply> replies = alice.probe(new Probe(List.of(), 0, Duration.ofMillis(500), "anyone?"), r -> { });
            assertEquals(1, replies.size(), "only bob's sealed answer: " + replies.subList(0, Math.min(3, replies.size())));
            assertTrue(replies.get(0).huddle());
        } finally {
            answering.close();
        }
        RecordingListener carolSees = new RecordingListener();
        ChatEngine carol = start("carol", carolSees);
        carol.join("lobby");
        Membership flooding = new InVmTransport("mallory3", hub).open(InVmTransport.CHANNEL, (payload, source) -> {
            for (int i = 0; i < 1000; i++) {
                hub.unicast.getOrDefault(source, (p, s) -> { }).received(ByteBuffer.wrap(new byte[] { 'x' }),
                        hub.newAddress());
            }
        });
        try {
            List<ProbeReply> replies = carol.probe(new Probe(List.of(), 0, Duration.ofMillis(500), "anyone?"), r -> { });
            assertEquals(ProbeRun.MAX_REPLIES, replies.size(), "in an open room, foreign answers count, up to the bound");
        } finally {
            flooding.close();
        }
    }
}
