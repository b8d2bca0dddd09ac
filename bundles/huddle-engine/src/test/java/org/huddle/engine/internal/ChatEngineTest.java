package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.Membership;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatEngineTest {


    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final InVmTransport transportA = new InVmTransport("a", hub);
    private final InVmTransport transportB = new InVmTransport("b", hub);
    private final RecordingListener inboxA = new RecordingListener();
    private final RecordingListener inboxB = new RecordingListener();
    private ChatEngine alice;
    private ChatEngine bob;

    @BeforeEach
    void start() {
        alice = engine("alice", inboxA, transportA);
        bob = engine("bob", inboxB, transportB);
    }

    static ChatEngine engine(String handle, RecordingListener inbox, InVmTransport transport) {
        return engine(handle, inbox, transport, EngineTime.SYSTEM);
    }

    /** @param time the engine's clocks: a test's own where it counts against time */
    static ChatEngine engine(String handle, RecordingListener inbox, InVmTransport transport, EngineTime time) {
        ChatEngine e = new ChatEngine(handle, 3, new Codecs(new JsonMessageCodec(), new BackchannelCodec(),
                new BeaconCodec()), HistoryStore.inMemory(), ChatEngine.DEFAULT_HOLD_MILLIS, (m, t) -> { }, time);
        e.listeners(List.of(inbox));
        e.bindTransport(transport);
        return e;
    }

    @AfterEach
    void stop() {
        alice.deactivate();
        bob.deactivate();
    }

    /**
     * What the engine sends on its own (here the history request of a join) with no transport to send it on is
     * counted, and tried again later; nothing is thrown at whoever joined.
     */
    @Test
    void whatCannotGoOutForLackOfATransportIsCounted() {
        ChatEngine alone = new ChatEngine("carol", 3, HubEngines.CODECS, (m, t) -> { });
        try {
            alone.join("lobby");
            Await.until(Await.DEADLINE, () -> alone.stats().delivery().get("send-failures") >= 1,
                    () -> "a failed history request: " + alone.stats().delivery());
            assertEquals(0, alone.stats().delivery().get("history-requests-sent"));
        } finally {
            alone.deactivate();
        }
    }

    /**
     * A datagram goes out with the room unlocked: while the network holds alice's first message (here a listener
     * on the wire that runs inside her send), she can say another in the same room from another thread, which
     * would wait for the room's lock otherwise. Both arrive, in her order.
     */
    @Test
    void aMessageIsSentWithTheRoomUnlocked() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        AtomicBoolean once = new AtomicBoolean();
        List<String> secondSaid = new CopyOnWriteArrayList<>();
        Membership spy = new InVmTransport("spy", hub).open(InVmTransport.CHANNEL, (payload, source) -> {
            if (once.compareAndSet(false, true)) {
                try {
                    CompletableFuture.runAsync(() -> secondSaid.add(alice.say("lobby", "second").content()))
                            .get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    secondSaid.add("blocked: " + e);
                }
            }
        });
        try {
            alice.say("lobby", "first");
            alice.flushSends();
            assertEquals(List.of("second"), secondSaid);
            assertEquals("first", inboxB.next().content());
            assertEquals("second", inboxB.next().content());
        } finally {
            spy.close();
        }
    }

    @Test
    void membersOfARoomSeeWhatIsSaidThere() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        alice.say("hello");
        ChatMessage got = inboxB.next();
        assertEquals("lobby", got.room());
        assertEquals("alice", got.handle());
        assertEquals("hello", got.content());
        assertEquals(alice.selfId(), got.senderId());
        assertEquals(1, got.sequence());
        assertFalse(got.local());
    }

    @Test
    void ownMessagesAreShownOnceAsLocalAndTheirEchoIsCounted() throws Exception {
        alice.join("lobby");
        long ownBefore = alice.stats().own(); // the hello said on joining comes back too
        ChatMessage said = alice.say("me");
        ChatMessage shown = inboxA.next();
        assertEquals(said, shown);
        assertTrue(shown.local());
        assertEquals(ownBefore + 1, alice.stats().own());
        assertTrue(inboxA.messages.isEmpty());
    }

    @Test
    void duplicateCopiesAreDeliveredOnce() throws Exception {
        hub.copies.set(3);
        alice.join("lobby");
        bob.join("lobby");
        alice.say("one");
        alice.say("two");
        assertEquals("one", inboxB.next().content());
        assertEquals("two", inboxB.next().content());
        alice.flushSends(); // the hub hands on the copies within the send
        assertEquals(4, bob.stats().duplicates());
        assertTrue(inboxB.messages.isEmpty());
    }

    @Test
    void messagesForRoomsNotJoinedAreIgnoredUntilAskedForAgain() throws Exception {
        alice.join("lobby");
        bob.join("other");
        alice.say("before bob came");
        alice.flushSends();
        assertEquals(1, bob.stats().otherRooms());
        bob.join("lobby");
        alice.say("for bob");
        // alice's numbering starts low, so bob takes her to have just started and asks for what came first;
        // said a moment before bob joined, it is shown (older than RoomDelivery.BEFORE_JOIN_SLACK_MILLIS: history only).
        assertEquals("before bob came", inboxB.next().content());
        assertEquals("for bob", inboxB.next().content());
        assertEquals(List.of("before bob came", "for bob"),
                bob.history("lobby", 10).stream().map(ChatMessage::content).toList(), "history sync adds no copy");
    }

    @Test
    void malformedDatagramsAreCountedByReasonAndTheNextGoodOneIsDelivered() throws Exception {
        bob.join("lobby");
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 1);
        for (String junk : List.of("garbage", "{\"client_id\":\"1\",\"handle\":\"x\",\"content\":\"y\"}", "{\"v\":9}",
                "{\"v\":1,\"type\":\"nope\"}", "{\"v\":1,\"type\":\"msg\"}", "[[[[[[[[[[[[[[[[",
                "{\"v\":1,\"seq\":123456789012345678901234567890123}")) {
            bob.received(ByteBuffer.wrap(junk.getBytes(StandardCharsets.UTF_8)), from);
        }
        bob.received(ByteBuffer.wrap("{\"v\":1,\"content\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)), from);
        bob.received(ByteBuffer.allocate(0), from);
        bob.received(ByteBuffer.allocate(5000), from);
        alice.join("lobby");
        alice.say("still here");
        assertEquals("still here", inboxB.next().content());
        var dropped = bob.stats().dropped();
        assertEquals(1, dropped.get("not-json"));
        assertEquals(1, dropped.get("foreign"));
        assertEquals(1, dropped.get("unsupported-version"));
        assertEquals(1, dropped.get("unknown-type"));
        assertEquals(1, dropped.get("invalid-field"));
        assertEquals(1, dropped.get("empty"));
        assertEquals(1, dropped.get("oversized"));
        assertEquals(1, dropped.get("too-deep"));
        assertEquals(1, dropped.get("too-long"));
        assertEquals(1, dropped.get("bad-utf8"));
        assertEquals(Arrays.stream(Reason.values()).map(Reason::label).toList(), List.copyOf(dropped.keySet()),
                "every reason is shown, even at 0, in the order of the API");
    }

    @Test
    void historyKeepsTheLatestInOrderWithinItsBound() throws Exception {
        alice.join("lobby");
        for (int i = 1; i <= 5; i++) {
            alice.say("m" + i);
        }
        List<ChatMessage> history = alice.history("lobby", 10);
        assertEquals(List.of("m3", "m4", "m5"), history.stream().map(ChatMessage::content).toList());
        assertEquals(List.of("m5"), alice.history("lobby", 1).stream().map(ChatMessage::content).toList());
    }

    @Test
    void roomsSurviveLosingTheTransportAndChatResumesWhenOneIsBack() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        bob.unbindTransport(transportB);
        assertThrows(ChatException.class, () -> bob.say("nobody hears"));
        assertEquals(List.of("lobby"), bob.rooms().stream().map(r -> r.name()).toList());
        InVmTransport replacement = new InVmTransport("b2", hub);
        bob.bindTransport(replacement);
        bob.say("back");
        assertEquals("back", inboxA.next().content());
        assertTrue(inboxB.next().local()); // bob's own line, shown to bob's front ends
        alice.say("welcome back");
        assertEquals("welcome back", inboxB.next().content());
    }

    @Test
    void aGreedierTransportReplacesTheCurrentOneWithoutLosingState() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        InVmTransport better = new InVmTransport("better", hub);
        bob.bindTransport(better); // SCR binds the new one first,
        bob.unbindTransport(transportB); // then unbinds the old one
        alice.say("after the switch");
        assertEquals("after the switch", inboxB.next().content());
        assertEquals("better", bob.stats().transports().get(0).name());
    }

    @Test
    void refusesWhatCannotBeDoneWithAReason() {
        assertThrows(ChatException.class, () -> alice.say("no room yet"));
        assertThrows(ChatException.class, () -> alice.join("has space"));
        assertThrows(ChatException.class, () -> alice.join(""));
        assertThrows(ChatException.class, () -> alice.select("never-joined"));
        assertThrows(ChatException.class, () -> alice.leave("never-joined"));
        assertThrows(ChatException.class, () -> alice.handle("tab\there"));
        assertThrows(ChatException.class, () -> alice.handle("x".repeat(33)));
        alice.join("lobby");
        assertThrows(ChatException.class, () -> alice.say("   "));
        ChatException tooLong = assertThrows(ChatException.class, () -> alice.say("x".repeat(70_000)));
        assertTrue(tooLong.getMessage().contains("too long"), tooLong.getMessage());
        assertThrows(ChatException.class, () -> alice.history("lobby", 0));
        assertEquals(0, alice.stats().sent());
    }

    @Test
    void aChangedConfigurationAppliesInPlaceAndBadValuesAreRefused() throws Exception {
        alice.join("lobby");
        alice.say("kept");
        alice.modified(config("alicia", 5));
        assertEquals("alicia", alice.handle());
        alice.modified(config("bad\u0007handle", 0));
        assertEquals("alicia", alice.handle());
        List<String> warnings = new java.util.ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            warnings.add(Await.next(inboxA.notices, n -> n.text().startsWith("configuration refused"), Await.DEADLINE,
                    "refusal notice " + i + " (so far " + warnings + ")").text());
        }
        assertEquals(2, warnings.size(), "one notice per refused value: " + warnings);
        assertEquals(List.of("kept"), alice.history("lobby", 10).stream().map(ChatMessage::content).toList());
    }

    private static ChatEngineConfig config(String handle, int historySize) {
        return (ChatEngineConfig) java.lang.reflect.Proxy.newProxyInstance(ChatEngineConfig.class.getClassLoader(),
                new Class<?>[] { ChatEngineConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> handle;
                    case "history_size" -> historySize;
                    default -> method.getDefaultValue();
                });
    }

    @Test
    void leavingTheCurrentRoomMakesTheLastJoinedOneCurrent() {
        alice.join("a");
        alice.join("b");
        alice.join("c");
        alice.select("b");
        alice.leave("b");
        assertEquals("c", alice.currentRoom().orElseThrow());
        alice.leave("c");
        alice.leave("a");
        assertTrue(alice.currentRoom().isEmpty());
    }

    @Test
    void sequenceNumbersArePerRoomAndSkipNothingOnFailure() throws Exception {
        alice.join("a");
        alice.join("b");
        assertEquals(1, alice.say("a", "x").sequence());
        assertThrows(ChatException.class, () -> alice.say("a", "y".repeat(70_000)));
        assertEquals(2, alice.say("a", "z").sequence());
        assertEquals(1, alice.say("b", "x").sequence());
    }

    @Test
    void aRoomJoinedAgainGoesOnCountingSoPeersDoNotTakeItsMessagesForCopies() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        alice.say("first");
        alice.say("second");
        alice.leave("lobby");
        alice.join("lobby");
        assertEquals(3, alice.say("after joining again").sequence());
        List<String> seen = List.of(inboxB.next().content(), inboxB.next().content(), inboxB.next().content());
        assertEquals(List.of("first", "second", "after joining again"), seen);
        assertEquals(0, bob.stats().duplicates());
    }
}
