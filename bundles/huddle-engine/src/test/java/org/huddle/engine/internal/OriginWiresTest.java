package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.JoinOptions;
import org.huddle.api.Peer;
import org.huddle.api.Probe;
import org.huddle.api.ProbeReply;
import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rooms on other channels and wires, probes, beacons and peers, between engines on an in-VM hub. */
class OriginWiresTest {

    private static final JoinOptions BACKCHANNEL = new JoinOptions(Wire.BACKCHANNEL, List.of(), 0);
    private static final Channel BACKCHANNEL_CHANNEL = InVmTransport.channel("224.6.8.11", 6811);

    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final InVmTransport transportA = new InVmTransport("a", hub);
    private final InVmTransport transportB = new InVmTransport("b", hub);
    private final RecordingListener inboxA = new RecordingListener();
    private final RecordingListener inboxB = new RecordingListener();
    private final ChatEngine alice = ChatEngineTest.engine("alice", inboxA, transportA);
    private final ChatEngine bob = ChatEngineTest.engine("bob", inboxB, transportB);

    @AfterEach
    void stop() {
        alice.deactivate();
        bob.deactivate();
    }

    /** Plays a backchannel client: sends its JSON on the backchannel channel and records what it receives. */
    private List<String> backchannelClient(List<Membership> holder) {
        List<String> received = new ArrayList<>();
        holder.add(new InVmTransport("ruby", hub).open(BACKCHANNEL_CHANNEL,
                (payload, source) -> received.add(StandardCharsets.UTF_8.decode(payload).toString())));
        return received;
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBackchannelRoomExchangesBackchannelJsonBothWays() throws Exception {
        List<Membership> ruby = new ArrayList<>();
        List<String> seenByRuby = backchannelClient(ruby);
        assertTrue(alice.join("bc", BACKCHANNEL).channel().contains("224.6.8.11:6811 (backchannel wire)"));

        alice.say("hi ruby");
        alice.flushSends();
        assertEquals(List.of("{\"client_id\":\"" + alice.selfId() + "\",\"handle\":\"alice\",\"content\":\"hi ruby\"}"),
                seenByRuby);
        assertTrue(inboxA.next().local());

        ruby.get(0).send(utf8("{\"client_id\":\"abcdef0123\",\"handle\":\"jp\",\"content\":\"hey\"}"));
        ChatMessage got = inboxA.next();
        assertEquals("bc", got.room());
        assertEquals("jp", got.handle());
        assertEquals("hey", got.content());
        assertFalse(got.local());
        assertTrue(alice.peers().stream().anyMatch(p -> p.handle().equals("jp") && p.via().equals("room bc")));
    }

    @Test
    void copiesOfABackchannelMessageAreShownOnce() throws Exception {
        List<Membership> ruby = new ArrayList<>();
        backchannelClient(ruby);
        alice.join("bc", BACKCHANNEL);
        hub.copies.set(3);
        ruby.get(0).send(utf8("{\"client_id\":\"abcdef0123\",\"handle\":\"jp\",\"content\":\"once\"}"));
        assertEquals("once", inboxA.next().content());
        assertEquals(2, alice.stats().duplicates());
        assertTrue(inboxA.messages.isEmpty());
    }

    @Test
    void longTextOnBackchannelGoesOutAsNumberedPartsThatEachFit() throws Exception {
        List<Membership> ruby = new ArrayList<>();
        List<String> seenByRuby = backchannelClient(ruby);
        alice.join("bc", BACKCHANNEL);
        String word = "é-word ";
        String text = word.repeat(2500 / word.length());
        alice.say(text);
        alice.flushSends();
        assertTrue(seenByRuby.size() >= 3, "parts: " + seenByRuby.size());
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < seenByRuby.size(); i++) {
            String json = seenByRuby.get(i);
            assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= 1024, "part " + i + " is too long");
            String label = "(" + (i + 1) + "/" + seenByRuby.size() + ") ";
            int at = json.indexOf("\"content\":\"") + 11;
            assertTrue(json.startsWith(label, at), json);
            joined.append(json, at + label.length(), json.length() - 2).append(' ');
        }
        assertEquals(text.strip().replaceAll("\\s+", " "), joined.toString().strip().replaceAll("\\s+", " "));
    }

    @Test
    void textNeedingMoreThanEightPartsIsRefusedAndNothingIsSent() {
        List<Membership> ruby = new ArrayList<>();
        List<String> seenByRuby = backchannelClient(ruby);
        alice.join("bc", BACKCHANNEL);
        ChatException e = assertThrows(ChatException.class, () -> alice.say("x".repeat(9000)));
        assertTrue(e.getMessage().contains("more than 8"), e.getMessage());
        assertTrue(seenByRuby.isEmpty());
    }

    @Test
    void huddleTrafficIsKeptOffTheOriginProgramsPorts() {
        ChatException join = assertThrows(ChatException.class,
                () -> alice.join("x", new JoinOptions(Wire.HUDDLE, List.of("224.6.8.11"), 6811)));
        assertTrue(join.getMessage().contains("--wire backchannel"), join.getMessage());
        assertThrows(ChatException.class, () -> alice.join("x", new JoinOptions(Wire.HUDDLE, List.of("239.1.2.3"), 9778)));
        ChatException probe = assertThrows(ChatException.class,
                () -> alice.probe(new Probe(List.of("224.6.8.11"), 6811, Duration.ofMillis(50), "hi"), r -> { }));
        assertTrue(probe.getMessage().contains("backchannel"), probe.getMessage());
        alice.join("bc", BACKCHANNEL);
        assertThrows(ChatException.class, () -> alice.probe(new Probe(List.of(), 0, Duration.ofMillis(50), "hi"), r -> { }));
    }

    @Test
    void aRoomIsJoinedOnOneChannelOnlyAndBackchannelChannelsHoldOneRoom() {
        alice.join("bc", BACKCHANNEL);
        // named alone, a joined room is that room; on another channel or wire it is refused
        assertTrue(alice.join("bc").channel().contains("backchannel wire"), alice.rooms().toString());
        assertThrows(ChatException.class, () -> alice.join("bc", new JoinOptions(Wire.HUDDLE, List.of("239.1.2.3"), 0)));
        assertThrows(ChatException.class, () -> alice.join("other", BACKCHANNEL));
        alice.join("other", new JoinOptions(Wire.BACKCHANNEL, List.of("224.6.8.12"), 0));
        assertEquals(2, alice.rooms().size());
    }

    @Test
    void everyOtherNodeInTheRoomAnswersAProbeOnceEvenWhenItArrivesThreeTimes() {
        alice.join("lobby");
        bob.join("lobby");
        hub.copies.set(3);
        List<ProbeReply> streamed = new ArrayList<>();
        List<ProbeReply> replies = alice.probe(new Probe(List.of(), 0, Duration.ofMillis(600), "anyone?"), streamed::add);
        assertEquals(1, replies.size(), replies.toString());
        assertEquals(replies, streamed);
        ProbeReply r = replies.get(0);
        assertEquals("bob in lobby", r.text());
        assertTrue(r.huddle());
        assertEquals(transportB.address(), r.from());
    }

    @Test
    void aNodeInAnotherRoomDoesNotAnswerAProbeOfThisOne() {
        alice.join("lobby");
        bob.join("elsewhere");
        assertEquals(List.of(), alice.probe(new Probe(List.of(), 0, Duration.ofMillis(400), "anyone?"), r -> { }));
    }

    @Test
    void beaconsOfOthersAreListedAsPeersAndOwnBeaconsAreNot() throws Exception {
        alice.beacon(true);
        bob.beacon(true);
        assertTrue(alice.beaconing());
        List<Peer> peers = Await.value(() -> {
            List<Peer> now = alice.peers();
            return now.stream().anyMatch(p -> p.handle().equals("bob")) ? now : null;
        }, "alice to list bob");
        assertTrue(peers.stream().anyMatch(p -> p.handle().equals("bob") && p.via().equals("beacon")
                && p.address().equals(transportB.address())), peers.toString());
        assertTrue(peers.stream().noneMatch(p -> p.handle().equals("alice")), peers.toString());
        alice.beacon(false);
        assertFalse(alice.beaconing());
    }

    @Test
    void roomsOnTheirOwnChannelsAndTheBeaconMoveToANewTransport() throws Exception {
        List<Membership> ruby = new ArrayList<>();
        List<String> seenByRuby = backchannelClient(ruby);
        alice.join("bc", BACKCHANNEL);
        alice.beacon(true);
        InVmTransport replacement = new InVmTransport("a2", hub);
        alice.bindTransport(replacement); // greedy rebinding: the new one first, then the old one goes
        alice.unbindTransport(transportA);
        alice.say("after the swap");
        alice.flushSends();
        assertEquals(1, seenByRuby.stream().filter(s -> s.contains("after the swap")).count(), seenByRuby.toString());
        assertTrue(alice.beaconing());
        bob.beacon(true);
        Await.until(Await.DEADLINE, () -> bob.peers().stream().anyMatch(p -> p.address().equals(replacement.address())),
                () -> "bob hears alice's beacon from the new transport: " + bob.peers());
    }
}
