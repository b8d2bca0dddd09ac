package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.Peer;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence between engines on an in-VM hub, with a short interval so that timing out takes a second. */
class PresenceTest {

    private static final long INTERVAL_MILLIS = 300;

    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final List<ChatEngine> engines = new ArrayList<>();
    private final Map<ChatEngine, InVmTransport> transports = new HashMap<>();

    @AfterEach
    void stop() {
        engines.forEach(ChatEngine::deactivate);
    }

    private ChatEngine engine(String handle, RecordingListener sees) {
        InVmTransport transport = new InVmTransport(handle, hub);
        ChatEngine e = ChatEngineTest.engine(handle, sees, transport);
        e.presenceInterval(INTERVAL_MILLIS);
        engines.add(e);
        transports.put(e, transport);
        return e;
    }

    private static <T> T await(Supplier<T> value, Predicate<T> condition, String what) {
        List<T> last = new ArrayList<>(List.of());
        return Await.value(Await.DEADLINE, () -> {
            T v = value.get();
            last.clear();
            last.add(v);
            return condition.test(v) ? v : null;
        }, () -> what + "; last: " + last);
    }

    private static void knows(ChatEngine who, ChatEngine whom) throws InterruptedException {
        await(who::peers, peers -> peers.stream().anyMatch(p -> p.id().equals(whom.selfId())),
                who.handle() + " to have heard " + whom.handle());
    }

    @Test
    void aPeerJoiningAndLeavingARoomIsNoticedThere() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = engine("alice", aliceSees);
        ChatEngine bob = engine("bob", new RecordingListener());
        alice.join("lobby");
        knows(alice, bob); // bob was heard in no room: joining lobby now, he "joined"
        bob.join("lobby");
        Notice joined = aliceSees.awaitNotice("bob joined lobby"::equals);
        assertEquals("lobby", joined.room());
        assertEquals(Notice.Level.INFO, joined.level());
        bob.leave("lobby");
        assertEquals("lobby", aliceSees.awaitNotice("bob left lobby"::equals).room());
    }

    @Test
    void aNodeJoiningLearnsWhoIsAlreadyThere() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = engine("alice", new RecordingListener());
        ChatEngine bob = engine("bob", bobSees);
        alice.join("lobby");
        bob.join("lobby");
        // alice was there before bob joined: she "is here" (told once, so never also "joined lobby")
        Notice here = bobSees.awaitNotice("alice is here"::equals);
        assertEquals("lobby", here.room());
    }

    @Test
    void aPeerFallenSilentTimesOutAndLeavesThePeerList() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = engine("alice", aliceSees);
        ChatEngine carol = engine("carol", new RecordingListener());
        alice.join("lobby");
        knows(alice, carol);
        carol.join("lobby");
        aliceSees.awaitNotice("carol joined lobby"::equals);
        await(alice::peers, peers -> peers.stream().anyMatch(p -> p.id().equals(carol.selfId())), "carol listed");
        // Carol's memberships close without a bye, as when her host loses the network: she falls silent.
        carol.unbindTransport(transports.get(carol));
        long silentSince = System.nanoTime();
        Notice timedOut = aliceSees.awaitNotice("carol timed out"::equals);
        long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
        assertTrue(afterMillis >= 2 * INTERVAL_MILLIS, "not before three intervals were missed: " + afterMillis);
        assertEquals("lobby", timedOut.room());
        assertTrue(alice.peers().stream().noneMatch(p -> p.id().equals(carol.selfId())), alice.peers().toString());
    }

    @Test
    void twoPeersWithOneHandleAreToldApartByTheirIds() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = engine("alice", aliceSees);
        ChatEngine bob1 = engine("bob", new RecordingListener());
        ChatEngine bob2 = engine("bob", new RecordingListener());
        alice.join("lobby");
        knows(alice, bob1);
        knows(alice, bob2);
        bob1.join("lobby");
        aliceSees.awaitNotice(t -> t.endsWith(" joined lobby"));
        bob2.join("lobby");
        String bob2Name = "bob#" + bob2.selfId().substring(0, 4);
        aliceSees.awaitNotice((bob2Name + " joined lobby")::equals);
        List<String> expected = List.of("bob#" + bob1.selfId().substring(0, 4), bob2Name).stream().sorted().toList();
        await(() -> alice.peers().stream().map(Peer::handle).filter(h -> h.startsWith("bob")).sorted().toList(),
                expected::equals, "both bobs listed with their ids");
    }

    @Test
    void aPeerThatTakesMyHandleNeverLooksLikeMe() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = engine("alice", aliceSees);
        ChatEngine impostor = engine("mallory", new RecordingListener());
        alice.join("lobby");
        impostor.join("lobby");
        aliceSees.awaitNotice(t -> t.startsWith("mallory "));
        impostor.handle("alice");
        String me = "alice#" + alice.selfId().substring(0, 4);
        String other = "alice#" + impostor.selfId().substring(0, 4);
        // marked from its first message under my handle, before its next hello says it took the name
        impostor.say("lobby", "i am alice");
        assertEquals(other, aliceSees.next().handle());
        await(() -> alice.peers().stream().map(Peer::handle).toList(), List.of(other)::equals,
                "the impostor listed with its id");
        alice.say("lobby", "no, I am");
        ChatMessage mine = await(() -> {
            try {
                return aliceSees.next();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, m -> m.local(), "my own message");
        assertEquals(me, mine.handle(), "my own messages are marked too while another node uses my handle");
        impostor.leave("lobby");
        aliceSees.awaitNotice((other + " left lobby")::equals);
    }

    @Test
    void thePeerListShowsEachNodeOnceWithItsRooms() throws Exception {
        ChatEngine alice = engine("alice", new RecordingListener());
        ChatEngine bob = engine("bob", new RecordingListener());
        alice.join("lobby");
        bob.join("lobby");
        bob.join("#dev");
        List<Peer> peers = await(alice::peers,
                list -> list.size() == 1 && list.get(0).via().equals("rooms lobby, #dev"), "bob in two rooms");
        Peer p = peers.get(0);
        assertEquals("bob", p.handle());
        assertEquals(bob.selfId(), p.id());
        bob.say("lobby", "hi");
        await(alice::peers, list -> list.size() == 1 && list.get(0).via().equals("rooms lobby, #dev"),
                "a message keeps the one entry");
    }

    @Test
    void moreRoomsThanOneHelloListsKeepTheNodePresentWithTheFirstOnes() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = engine("alice", aliceSees);
        ChatEngine bob = engine("bob", new RecordingListener());
        alice.join("room-number-00");
        knows(alice, bob);
        for (int i = 0; i < 80; i++) {
            bob.join(String.format("room-number-%02d", i)); // 80 names of 14 characters: more than a datagram holds
        }
        aliceSees.awaitNotice("bob joined room-number-00"::equals);
        Instant joinedAll = Instant.now();
        // A hello sent after the last join (none at all if a hello with too many rooms were not trimmed).
        await(alice::peers, list -> list.stream().anyMatch(p -> p.id().equals(bob.selfId())
                && p.lastSeen().isAfter(joinedAll) && p.via().startsWith("rooms room-number-00, room-number-01")),
                "bob heard after joining 80 rooms");
    }

    @Test
    void aLostLastMessageIsNoticedByTheNextHelloAndRepaired() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = engine("alice", new RecordingListener());
        ChatEngine bob = engine("bob", bobSees);
        alice.join("lobby");
        bob.join("lobby");
        alice.say("first");
        assertEquals(1, bobSees.next().sequence());
        hub.lossPercent.set(100);
        alice.say("last of the burst");
        hub.lossPercent.set(0);
        ChatMessage repaired = bobSees.next(); // no later message shows the gap: only alice's hello does
        assertEquals(2, repaired.sequence());
        assertEquals("last of the burst", repaired.content());
        assertTrue(bobSees.notices.stream().noneMatch(n -> n.text().startsWith("lost ")), bobSees.notices.toString());
    }
}
