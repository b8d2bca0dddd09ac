package org.huddle.engine.internal.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.codec.json.internal.HistoryLineCodec;
import org.huddle.engine.internal.rooms.Room;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Room history files as docs/storage.md describes them, and what a damaged one costs. */
public class HistoryStoreTest {

    private static final String BOB = "0123456789abcdef";

    @TempDir
    Path directory;

    private final HistoryLineCodec codec = new HistoryLineCodec();
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    private HistoryStore store(Path in) {
        return HistoryStore.in(in, codec, true, (m, t) -> warnings.add(m));
    }

    private static ChatMessage message(String room, int i) {
        return new ChatMessage(room, BOB, "bob", i, Instant.ofEpochMilli(1_700_000_000_000L + i), "m" + i, false);
    }

    private byte[] line(ChatMessage m) {
        ByteBuffer json = codec.encode(new Envelope(Envelope.Type.MESSAGE, m.senderId(), m.handle(), m.room(),
                m.sequence(), m.timestamp().toEpochMilli(), m.content()));
        byte[] bytes = new byte[json.remaining() + 1];
        json.get(bytes, 0, bytes.length - 1);
        bytes[bytes.length - 1] = '\n';
        return bytes;
    }

    private static List<String> contents(HistoryBuffer history) {
        return history.latest(Integer.MAX_VALUE).stream().map(ChatMessage::content).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            lobby,    lobby.jsonl
            .,        %2E.jsonl
            ..,       %2E%2E.jsonl
            #general, %23general.jsonl
            Lobby,    %4Cobby.jsonl
            a_b-c.d9, a_b-c%2Ed9.jsonl
            """)
    void roomNamesBecomeFileNamesThatStayInTheDirectoryAndApart(String room, String file) {
        assertEquals(file, HistoryStore.fileName(room));
        Path resolved = directory.resolve(HistoryStore.fileName(room)).normalize();
        assertEquals(directory, resolved.getParent());
    }

    @Test
    void aTruncatedLastLineCostsOnlyThatLineAndTheNextMessageStartsALineOfItsOwn() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 1; i <= 3; i++) {
            file.write(line(message("lobby", i)));
        }
        byte[] fourth = line(message("lobby", 4));
        file.write(fourth, 0, fourth.length / 2);
        Files.write(directory.resolve("lobby.jsonl"), file.toByteArray());

        HistoryStore store = store(directory);
        HistoryBuffer history = store.open("lobby", 10);
        assertEquals(List.of("m1", "m2", "m3"), contents(history));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("skipped 1 damaged line(s) of 4"), warnings.get(0));

        history.add(message("lobby", 5));
        history.close();
        store.flush();
        assertEquals(List.of("m1", "m2", "m3", "m5"), contents(store(directory).open("lobby", 10)));
    }

    @Test
    void garbageAndBinaryJunkAmongGoodLinesCostOnlyTheirOwnLines() throws Exception {
        byte[] junk = new byte[3000];
        new Random(6).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            junk[i] = junk[i] == '\n' ? 0 : junk[i];
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(line(message("lobby", 1)));
        file.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
        file.write(line(message("lobby", 2)));
        file.write(junk);
        file.write('\n');
        file.write("\n  \r\n".getBytes(StandardCharsets.UTF_8)); // blank lines are no damage
        file.write(line(message("lobby", 3)));
        file.write("{\"v\":1,\"type\":\"msg\"}\n".getBytes(StandardCharsets.UTF_8));
        file.write(line(message("elsewhere", 9)));
        file.write(line(message("lobby", 4)));
        Files.write(directory.resolve("lobby.jsonl"), file.toByteArray());

        HistoryBuffer history = store(directory).open("lobby", 10);
        assertEquals(List.of("m1", "m2", "m3", "m4"), contents(history));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("skipped 4 damaged line(s) of 10"), warnings.get(0));
    }

    @Test
    void aLineLongerThanAnyMessageIsSkippedWithoutBeingHeld() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(line(message("lobby", 1)));
        byte[] huge = new byte[codec.maxDatagram() * 3];
        Arrays.fill(huge, (byte) 'x');
        file.write(huge);
        file.write('\n');
        file.write(line(message("lobby", 2)));
        Files.write(directory.resolve("lobby.jsonl"), file.toByteArray());

        assertEquals(List.of("m1", "m2"), contents(store(directory).open("lobby", 10)));
    }

    @Test
    void onlyTheLatestMessagesOfALongFileAreLoaded() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 1; i <= 50; i++) {
            file.write(line(message("lobby", i)));
        }
        Files.write(directory.resolve("lobby.jsonl"), file.toByteArray());
        HistoryStore store = store(directory);
        HistoryBuffer history = store.open("lobby", 5);
        assertEquals(List.of("m46", "m47", "m48", "m49", "m50"), contents(history));

        // More than twice the size already: the next message cuts the file back to the latest five.
        history.add(message("lobby", 51));
        store.flush();
        assertEquals(5, Files.readAllLines(directory.resolve("lobby.jsonl")).size());
    }

    @Test
    void persistSwitchedOnWhileInARoomAppendsAfterWhatTheFileHolds() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(line(message("lobby", 1)));
        file.write("{\"v\":1,\"ty".getBytes(StandardCharsets.UTF_8)); // cut short by a crash
        Files.write(directory.resolve("lobby.jsonl"), file.toByteArray());
        HistoryStore store = HistoryStore.in(directory, codec, false, (m, t) -> warnings.add(m));
        HistoryBuffer history = store.open("lobby", 10);
        assertEquals(List.of(), contents(history), "nothing read while off");
        history.add(message("lobby", 2));
        store.persist(true);
        history.add(message("lobby", 3));
        history.close();
        store.flush();
        assertEquals(List.of("m1", "m3"), contents(store(directory).open("lobby", 10)));
    }

    @Test
    void aDirectoryWhereTheFileShouldBeLeavesTheRoomWorkingInMemory() throws Exception {
        Files.createDirectory(directory.resolve("lobby.jsonl"));
        HistoryBuffer history = store(directory).open("lobby", 10);
        history.add(message("lobby", 1));
        assertEquals(List.of("m1"), contents(history));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("kept in memory only"), warnings.get(0));
    }

    @Test
    void aFileWhereTheDirectoryShouldBeLeavesRoomsWorkingInMemory() throws Exception {
        Path notADirectory = Files.writeString(directory.resolve("history"), "in the way");
        HistoryStore store = store(notADirectory);
        HistoryBuffer history = store.open("lobby", 10);
        history.add(message("lobby", 1));
        history.add(new ChatMessage("lobby", "fedcba9876543210", "me", 1, Instant.now(), "mine", true));
        assertEquals(List.of("m1", "mine"), contents(history));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("kept in memory only")), warnings.toString());
        assertEquals("in the way", Files.readString(notADirectory));
    }

    @Test
    void concurrentAppendsKeepEveryLineWhole() throws Exception {
        HistoryStore store = store(directory);
        HistoryBuffer history = store.open("lobby", 1000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                done.add(threads.submit(() -> IntStream.range(0, 200).forEach(i -> history.add(message("lobby", base + i)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        history.close();
        store.flush();
        List<String> loaded = contents(store(directory).open("lobby", 1000));
        assertEquals(800, loaded.size());
        assertEquals(800, new HashSet<>(loaded).size());
        assertEquals(contents(history), loaded, "the file's order is the order in memory");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void ownIdsAreBoundedToTheLatestRuns() throws IOException {
        Path file = directory.resolve(OwnSenderIds.FILE);
        List<String> ids = IntStream.range(0, 2 * OwnSenderIds.KEEP).mapToObj(i -> String.format("%016x", i)).toList();
        Files.write(file, ids);
        OwnSenderIds own = new OwnSenderIds(file, (m, t) -> warnings.add(m));
        own.record("ffffffffffffffff");
        List<String> kept = Files.readAllLines(file);
        assertEquals(OwnSenderIds.KEEP, kept.size());
        assertEquals("ffffffffffffffff", kept.get(kept.size() - 1));
        assertTrue(own.contains(kept.get(0)));
        assertTrue(!own.contains(ids.get(0)));
    }

    /**
     * Adding a message touches no file: the write is queued, in memory's order, for the writer thread (here the
     * test runs the queue itself); when appends are refused (the disk fell behind), the file is rewritten from
     * memory once a write gets through, and nothing is missing from it.
     */
    @Test
    void addingQueuesTheWriteAndARefusedAppendIsMadeUpByARewrite() throws Exception {
        HistoryStore store = store(directory);
        List<Runnable> queued = new ArrayList<>();
        boolean[] refuse = { false };
        HistoryFile file = new HistoryFile(directory.resolve("lobby.jsonl"), "lobby", 10, store);
        HistoryBuffer history = new HistoryBuffer(10, file, new HistoryBuffer.Writer() {
            @Override
            public boolean append(Runnable write) {
                return !refuse[0] && queued.add(write);
            }

            @Override
            public void always(Runnable write) {
                queued.add(write);
            }
        });
        history.add(message("lobby", 1));
        assertTrue(Files.notExists(directory.resolve("lobby.jsonl")), "written by the adding thread");
        refuse[0] = true;
        history.add(message("lobby", 2));
        history.add(message("lobby", 3));
        refuse[0] = false;
        history.add(message("lobby", 4));
        queued.forEach(Runnable::run);
        assertEquals(List.of("m1", "m2", "m3", "m4"), contents(store(directory).open("lobby", 10)));
    }
}
