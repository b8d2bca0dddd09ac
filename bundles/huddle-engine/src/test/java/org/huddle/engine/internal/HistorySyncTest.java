package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.HistoryLineCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.delivery.HistorySync;
import org.huddle.engine.internal.history.HistoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History for late joiners, and repair from the history of peers, between engines on an in-VM hub. */
public class HistorySyncTest {

    /** Repair takes a few answer spreads and retries: longer than the module's deadline. */

    private static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());

    @TempDir
    Path directory;

    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final List<ChatEngine> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(ChatEngine::deactivate);
    }

    private ChatEngine start(String handle, RecordingListener sees) {
        return start(handle, sees, HistoryStore.inMemory());
    }

    private ChatEngine start(String handle, RecordingListener sees, HistoryStore store) {
        ChatEngine e = new ChatEngine(handle, 100, CODECS, store, ChatEngine.DEFAULT_HOLD_MILLIS, (m, t) -> { });
        e.listeners(List.of(sees));
        e.bindTransport(new InVmTransport(handle, hub));
        running.add(e);
        return e;
    }

    private static void say(ChatEngine who, int from, int to) {
        for (int i = from; i <= to; i++) {
            who.say("m" + i);
        }
        who.flushSends(); // said before what the test does next
    }

    private static List<String> texts(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "m" + i).toList();
    }

    private static List<String> history(ChatEngine who, String room) {
        return who.history(room, 1000).stream().map(ChatMessage::content).toList();
    }

    @Test
    void aLateJoinerGetsTheLatestFiftyOnceInOrderFromOneMember() throws Exception {
        RecordingListener carolSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        List<ChatEngine> members = new ArrayList<>(List.of(alice));
        for (String handle : List.of("bob", "dave", "erin", "fred")) {
            members.add(start(handle, new RecordingListener()));
        }
        members.forEach(m -> m.join("lobby"));
        say(alice, 1, 60);
        ChatEngine carol = start("carol", carolSees);
        carol.join("lobby");

        Notice told = carolSees.awaitNotice(t -> t.contains("earlier message"));
        assertEquals("50 earlier messages from the room's history (chat:history lobby 50)", told.text());
        assertEquals("lobby", told.room());
        assertEquals(texts(11, 60), history(carol, "lobby"));
        assertTrue(carolSees.messages.isEmpty(), "replays are history, not incoming messages: " + carolSees.messages);
        long answered = members.stream().mapToLong(m -> DeliveryCounts.of(m, "history-requests-answered")).sum();
        // Each of five members waits at random before answering and stays quiet once it sees an answer;
        // without that all five would answer.
        assertTrue(answered >= 1 && answered <= 2, answered + " members answered");
        assertEquals(50, DeliveryCounts.of(carol, "history-merged"));

        alice.say("live");
        assertEquals("live", carolSees.next().content());
        assertEquals(51, history(carol, "lobby").size());
    }

    @Test
    void aLongMessageIsReplayedInPartsAndJoinedWhole() throws Exception {
        RecordingListener carolSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        alice.join("lobby");
        String longText = "0123456789".repeat(800); // 8,000 bytes: seven datagrams or so
        alice.say(longText);
        alice.say("short");
        alice.flushSends();
        ChatEngine carol = start("carol", carolSees);
        carol.join("lobby");
        carolSees.awaitNotice(t -> t.startsWith("2 earlier messages"));
        assertEquals(List.of(longText, "short"), history(carol, "lobby"));
        assertTrue(DeliveryCounts.of(alice, "replays-sent") > 2, alice.stats().delivery().toString());
    }

    @Test
    void aRejoiningMemberMergesTheReplayWithItsFileWithoutDuplicates() throws Exception {
        RecordingListener carolSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine carol = start("carol", carolSees,
                HistoryStore.in(directory, new HistoryLineCodec(), true, (m, t) -> { }));
        alice.join("lobby");
        carol.join("lobby");
        say(alice, 1, 30);
        for (int i = 0; i < 30; i++) {
            carolSees.next();
        }
        carol.leave("lobby");
        say(alice, 31, 60);
        carol.join("lobby"); // its file holds m1..m30; alice replays m11..m60
        Notice told = carolSees.awaitNotice(t -> t.contains("earlier message"));
        assertEquals("30 earlier messages from the room's history (chat:history lobby 30)", told.text());
        assertEquals(texts(1, 60), history(carol, "lobby"));
        assertTrue(carolSees.messages.isEmpty(), "what was said while carol was away is history, not new: "
                + carolSees.messages);
    }

    @Test
    void aNodeAloneInARoomAsksThreeTimesAndSaysNothing() throws Exception {
        RecordingListener aliceSees = new RecordingListener();
        ChatEngine alice = start("alice", aliceSees);
        alice.join("lobby");
        DeliveryCounts.await(alice, "history-requests-sent", HistorySync.TRIES);
        assertTrue(aliceSees.notices.stream().noneMatch(n -> n.text().contains("earlier message")), aliceSees.notices.toString());
    }

    @Test
    void whatWasSaidAfterTheJoinIsNotReplayedWhenTheJoinerAsksAgain() throws Exception {
        RecordingListener carolSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        alice.join("lobby");
        ChatEngine carol = start("carol", carolSees);
        carol.join("lobby"); // alice holds nothing yet: no answer, and carol asks again a second later
        long joined = System.currentTimeMillis();
        while (System.currentTimeMillis() <= joined + 1) {
            Thread.onSpinWait(); // said after the join by the clock too: a message of the join's millisecond counts as before
        }
        say(alice, 1, 5);
        for (int i = 0; i < 5; i++) {
            carolSees.next();
        }
        DeliveryCounts.await(carol, "history-requests-sent", HistorySync.TRIES);
        Thread.sleep(HistorySync.ANSWER_SPREAD_MILLIS * 2 + HistorySync.QUIET_MILLIS); // an answer would be over by now
        assertEquals(0, DeliveryCounts.of(alice, "replays-sent"), "carol saw m1..m5 live");
        assertEquals(texts(1, 5), history(carol, "lobby"));
    }

    @Test
    void aGapLeftByASenderThatLeftIsRepairedFromAnotherMembersHistory() throws Exception {
        RecordingListener carolSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener());
        ChatEngine bob = start("bob", new RecordingListener());
        InVmTransport carolsLink = new InVmTransport("carol", hub);
        ChatEngine carol = new ChatEngine("carol", 100, CODECS, HistoryStore.inMemory(), ChatEngine.DEFAULT_HOLD_MILLIS,
                (m, t) -> { });
        carol.listeners(List.of(carolSees));
        carol.bindTransport(carolsLink);
        running.add(carol);
        for (ChatEngine e : List.of(alice, bob, carol)) {
            e.join("lobby");
        }
        alice.say("m1");
        assertEquals("m1", carolSees.next().content());
        carol.unbindTransport(carolsLink);
        say(alice, 2, 4); // carol misses these
        carol.bindTransport(carolsLink);
        alice.say("m5"); // shows carol the gap; her NACKs go out 20 ms later, when alice is no longer in the room
        alice.leave("lobby");

        List<String> shown = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shown.add(carolSees.next().content());
        }
        assertEquals(texts(2, 5), shown);
        // counted after each send returns, and the last send returns after carol has shown m5
        DeliveryCounts.await(bob, "resent-for-others", 3);
        assertTrue(carolSees.notices.stream().noneMatch(n -> n.text().startsWith("lost ")), carolSees.notices.toString());
    }
}
