package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.huddle.api.ChatMessage;
import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.huddle.api.transport.Membership;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.HistoryLineCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.delivery.MessageFragments;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History that outlives the engine: each "restart" is a new engine on the same directory. */
class PersistentHistoryTest {

    private static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());

    @TempDir
    Path directory;

    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final List<ChatEngine> running = new ArrayList<>();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        running.forEach(ChatEngine::deactivate);
    }

    private ChatEngine start(String handle, HistoryStore store) {
        ChatEngine e = new ChatEngine(handle, 10, CODECS, store, ChatEngine.DEFAULT_HOLD_MILLIS, (m, t) -> warnings.add(m));
        e.listeners(List.of(new RecordingListener()));
        e.bindTransport(new InVmTransport(handle + running.size(), hub));
        running.add(e);
        return e;
    }

    private ChatEngine startPersistent(String handle) {
        return startPersistent(handle, directory);
    }

    private ChatEngine startPersistent(String handle, Path historyDirectory) {
        return start(handle, HistoryStore.in(historyDirectory, new HistoryLineCodec(), true, (m, t) -> warnings.add(m)));
    }

    private ChatEngine restart(ChatEngine engine, String handle) {
        engine.deactivate();
        running.remove(engine);
        return startPersistent(handle);
    }

    @Test
    void aRestartedNodeShowsItsHistoryWithItsOwnMessagesAsItsOwn() throws Exception {
        ChatEngine alice = startPersistent("alice");
        ChatEngine bob = start("bob", HistoryStore.inMemory());
        alice.join("lobby");
        bob.join("lobby");
        alice.say("one");
        alice.flushSends();
        bob.say("two");
        bob.flushSends();
        alice.say("three");
        List<ChatMessage> before = alice.history("lobby", 10);
        assertEquals(3, before.size());

        ChatEngine again = restart(alice, "alice");
        again.join("lobby");
        assertEquals(before, again.history("lobby", 10), "the same messages in the same order, own ones local");
        assertEquals(List.of(true, false, true), again.history("lobby", 10).stream().map(ChatMessage::local).toList());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    /**
     * Sender ids go in clear in open rooms: anyone can replay a message under an id this node used before. Such a
     * replay is refused: what this node said in an earlier run is in its own file, and kept, the forgery would load as
     * the user's own word after every restart.
     */
    @Test
    void aForgedReplayUnderAnEarlierIdOfThisNodeIsNotKeptAsItsOwn() throws Exception {
        ChatEngine alice = startPersistent("alice");
        alice.join("lobby");
        alice.say("one");
        String earlierId = alice.selfId();

        ChatEngine again = restart(alice, "alice");
        Membership mallory = new InVmTransport("mallory", hub).open(InVmTransport.CHANNEL, (payload, source) -> { });
        again.join("lobby");
        mallory.send(CODECS.huddle().encode(new org.huddle.api.transport.Envelope(
                org.huddle.api.transport.Envelope.Type.MESSAGE, earlierId, "alice", "lobby", 2,
                System.currentTimeMillis() - 60_000, "I owe mallory 100 euros",
                org.huddle.api.transport.Envelope.Extras.replayed())));
        Await.until(() -> again.stats().delivery().get("replays-received") > 0, "the forged replay to arrive");
        assertEquals(1, again.stats().delivery().get("replays-as-own-refused"));
        assertEquals(List.of("one:true"), owners(again.history("lobby", 10)));

        ChatEngine third = restart(again, "alice");
        third.join("lobby");
        assertEquals(List.of("one:true"), owners(third.history("lobby", 10)), "as kept in the file");
        mallory.close();
    }

    /** @return each message's text and whether it is shown as the user's own, in the history's order */
    private static List<String> owners(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.content() + ":" + m.local()).toList();
    }

    /**
     * What a node keeps says who said what where: only its owner reads it, whatever the process's umask (this
     * test's JVM runs with the usual 022), and a file an older version left readable to others is narrowed.
     */
    @Test
    void everyFileAndFolderOfTheHistoryIsTheOwnersOnly() throws Exception {
        Path history = directory.resolve("data").resolve("history");
        ChatEngine alice = startPersistent("alice", history);
        alice.join("lobby");
        alice.say("only for the room");
        alice.join("#dev");
        alice.say("and this");
        alice.deactivate();
        running.remove(alice);
        Path older = history.resolve(Files.list(history).filter(p -> p.toString().endsWith(".jsonl")).findFirst()
                .orElseThrow().getFileName());
        Files.setPosixFilePermissions(older, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ChatEngine again = startPersistent("alice", history);
        again.join("lobby");
        again.join("#dev");
        again.say("once more");
        again.flushHistory();

        List<String> wide = new ArrayList<>();
        try (Stream<Path> all = Files.walk(directory.resolve("data"))) {
            all.forEach(p -> {
                try {
                    String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                        wide.add(directory.relativize(p) + " " + mode);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertEquals(List.of(), wide);
        assertTrue(Files.list(history).count() >= 3, "two rooms' files and the own ids");
    }

    /**
     * An encrypted room's history stays in memory (docs/security.md): a file would keep in clear what the room
     * seals. With history.persist on, an open room beside it is written, nothing of the encrypted one is.
     */
    @Test
    void anEncryptedRoomsHistoryNeverTouchesTheDisk() throws Exception {
        ChatEngine alice = startPersistent("alice");
        alice.join("plans", new JoinOptions(Wire.HUDDLE, List.of(), 0, "stove hedge lunar basket"));
        alice.say("the vault code is 1234");
        alice.join("lobby");
        alice.say("an open word");
        alice.deactivate();
        running.remove(alice);
        List<String> files = new ArrayList<>();
        StringBuilder everything = new StringBuilder();
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.add(directory.relativize(p).toString());
                everything.append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        assertTrue(everything.toString().contains("an open word"), "the open room is kept: " + files);
        assertFalse(everything.toString().contains("vault code"), "the encrypted room's text on disk: " + files);
        assertTrue(files.stream().noneMatch(f -> f.contains("plans")), files.toString());
    }

    @Test
    void aRestartedNodeSaysThingsUnderANewIdSoNoIdAndSequenceIsEverRepeated() throws Exception {
        ChatEngine alice = startPersistent("alice");
        alice.join("lobby");
        alice.say("first run 1");
        alice.say("first run 2");

        ChatEngine again = restart(alice, "alice");
        again.join("lobby");
        ChatMessage said = again.say("second run 1");
        assertNotEquals(alice.selfId(), again.selfId());
        assertEquals(1, said.sequence());
        List<ChatMessage> all = again.history("lobby", 10);
        assertEquals(List.of("first run 1", "first run 2", "second run 1"), all.stream().map(ChatMessage::content).toList());
        Set<String> pairs = new HashSet<>();
        all.forEach(m -> assertTrue(pairs.add(m.senderId() + "/" + m.sequence()), "repeated: " + m));
        assertTrue(all.stream().allMatch(ChatMessage::local));

        // A third run still knows both earlier ids as its own.
        ChatEngine third = restart(again, "alice");
        third.join("lobby");
        assertTrue(third.history("lobby", 10).stream().allMatch(ChatMessage::local));
    }

    @Test
    void aMessageOf64KiBSurvivesARestartOnTheSenderAndOnTheReceiver() throws Exception {
        ChatEngine alice = startPersistent("alice");
        Path bobsDirectory = directory.resolve("bob");
        ChatEngine bob = startPersistent("bob", bobsDirectory);
        alice.join("lobby");
        bob.join("lobby");
        StringBuilder text = new StringBuilder();
        for (int i = 0; MessageFragments.utf8Length(text) < MessageFragments.MAX_TEXT_BYTES - 40; i++) {
            text.append(i % 100 == 0 ? "\"\u0001\u00e9 " : "w" + i + " ");
        }
        while (MessageFragments.utf8Length(text) < MessageFragments.MAX_TEXT_BYTES) {
            text.append('x');
        }
        ChatMessage said = alice.say(text.toString());
        alice.flushSends();
        assertEquals(MessageFragments.MAX_TEXT_BYTES, text.toString().getBytes(StandardCharsets.UTF_8).length);
        List<ChatMessage> received = bob.history("lobby", 10);
        assertEquals(1, received.size(), "the in-VM hub delivers within the send");
        assertEquals(said.content(), received.get(0).content());

        ChatEngine again = restart(alice, "alice");
        again.join("lobby");
        assertEquals(List.of(said), again.history("lobby", 10));
        bob.deactivate();
        running.remove(bob);
        ChatEngine bobAgain = startPersistent("bob", bobsDirectory);
        bobAgain.join("lobby");
        assertEquals(received, bobAgain.history("lobby", 10));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void leavingAndJoiningAgainReadsTheFileAgain() {
        ChatEngine alice = startPersistent("alice");
        alice.join("lobby");
        alice.say("kept");
        alice.leave("lobby");
        alice.join("lobby");
        assertEquals(List.of("kept"), alice.history("lobby", 10).stream().map(ChatMessage::content).toList());
    }

    @Test
    void backchannelMessagesRoundTripWithTheirClientIdLongHandleAndNoSequence() throws Exception {
        JoinOptions backchannel = new JoinOptions(Wire.BACKCHANNEL, List.of(), 0);
        ChatEngine alice = startPersistent("alice");
        alice.join("bc", backchannel);
        Membership ruby = new InVmTransport("ruby", hub).open(InVmTransport.channel("224.6.8.11", 6811), (p, s) -> { });
        String handle = "j".repeat(60);
        String text = "long ".repeat(1000);
        ruby.send(ByteBuffer.wrap(("{\"client_id\":\"abcdef0123\",\"handle\":\"" + handle + "\",\"content\":\"" + text
                + "\"}").getBytes(StandardCharsets.UTF_8)));
        alice.say("hi ruby");
        List<ChatMessage> before = alice.history("bc", 10);
        assertEquals(2, before.size());
        assertEquals(0, before.get(0).sequence());

        ChatEngine again = restart(alice, "alice");
        again.join("bc", backchannel);
        assertEquals(before, again.history("bc", 10));
    }

    @Test
    void withPersistOffNothingIsWrittenOrRead() throws Exception {
        ChatEngine alice = startPersistent("alice");
        alice.join("lobby");
        alice.say("from a persisted run");
        alice.deactivate();
        running.remove(alice);
        Path history = directory.resolve("lobby.jsonl");
        byte[] written = Files.readAllBytes(history);
        List<Path> files = listing();

        ChatEngine off = start("alice", HistoryStore.in(directory, new HistoryLineCodec(), false, (m, t) -> warnings.add(m)));
        off.join("lobby");
        assertEquals(List.of(), off.history("lobby", 10), "nothing read");
        off.say("not kept");
        off.join("other");
        off.say("not kept either");
        assertEquals(files, listing());
        assertEquals(new String(written, StandardCharsets.UTF_8), Files.readString(history));
    }

    @Test
    void aNewNodeWithPersistOffCreatesNoDirectory() {
        Path nowhere = directory.resolve("never");
        ChatEngine off = start("alice", HistoryStore.in(nowhere, new HistoryLineCodec(), false, (m, t) -> { }));
        off.join("lobby");
        off.say("x");
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void theFileIsBoundedToTwiceTheHistorySize() throws Exception {
        ChatEngine alice = startPersistent("alice");
        alice.join("lobby");
        Path file = directory.resolve("lobby.jsonl");
        for (int i = 1; i <= 35; i++) {
            alice.say("m" + i);
            alice.flushHistory();
            assertTrue(Files.readAllLines(file).size() <= 20, "after " + i + ": " + Files.readAllLines(file).size());
        }
        // Rewritten with the latest 10 by the 21st message (the 21st line would pass 20) and by the 32nd.
        assertEquals(13, Files.readAllLines(file).size());
        assertFalse(Files.exists(directory.resolve("lobby.jsonl.tmp")));

        ChatEngine again = restart(alice, "alice");
        again.join("lobby");
        List<String> expected = Stream.iterate(26, i -> i + 1).limit(10).map(i -> "m" + i).toList();
        assertEquals(expected, again.history("lobby", 100).stream().map(ChatMessage::content).toList());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.sorted().toList();
        }
    }
}
