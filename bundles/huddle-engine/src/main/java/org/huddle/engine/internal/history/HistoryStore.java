package org.huddle.engine.internal.history;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.rooms.Room;

/**
 * Where rooms keep their history between runs: a directory with one file per room and the node's earlier
 * sender ids, laid out as {@code docs/storage.md} describes. Nothing here ever stops a room from working: a
 * file that cannot be read or written leaves that room's history in memory, with a warning.
 */
public final class HistoryStore implements HistoryFile.Store, HistoryBuffer.Writer {

    /** {@link MessageCodec#FORMAT} of the codec that reads and writes the lines of history files. */
    public static final String LINE_FORMAT = "huddle-history/1";

    static final String SUFFIX = ".jsonl";

    /** Appends waiting for the disk at most, over all rooms; beyond, a room's file is rewritten once it can. */
    static final int MAX_QUEUED_APPENDS = 10_000;

    /** How long stopping waits for queued writes. */
    static final int CLOSE_WAIT_SECONDS = 10;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Path directory;
    private final MessageCodec lines;
    private final OwnSenderIds ownIds;
    private final BiConsumer<String, Throwable> warnings;
    private volatile boolean persist;
    /**
     * Writes every room's file, one write at a time in the order queued (a single thread): the receive path
     * and the rooms' locks never wait for the disk. {@code null} without a directory.
     */
    private final ThreadPoolExecutor writer;
    /** Appends queued and not yet written; beyond {@link #MAX_QUEUED_APPENDS} an append is refused. */
    private final AtomicInteger queuedAppends = new AtomicInteger();

    private HistoryStore(Path directory, MessageCodec lines, boolean persist, BiConsumer<String, Throwable> warnings) {
        this.directory = directory;
        this.lines = lines;
        this.persist = persist;
        this.warnings = warnings;
        this.ownIds = directory == null ? null : new OwnSenderIds(directory.resolve(OwnSenderIds.FILE), warnings);
        this.writer = directory == null ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "huddle-history-writer");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @return a store that keeps nothing beyond memory */
    public static HistoryStore inMemory() {
        return new HistoryStore(null, null, false, (m, t) -> { });
    }

    /**
     * @param directory where the files are (created with the first file written); {@code null} for none
     * @param lines     the codec of {@link #LINE_FORMAT}
     * @param persist   whether rooms read and write their files ({@code history.persist})
     */
    public static HistoryStore in(Path directory, MessageCodec lines, boolean persist, BiConsumer<String, Throwable> warnings) {
        if (directory == null) {
            warnings.accept("the framework has no data area for the engine: history is kept in memory only", null);
        }
        return new HistoryStore(directory, lines, persist, warnings);
    }

    /**
     * The history of a room being joined: its file's latest messages loaded when history is persisted, and
     * messages added from now on appended to the file. Never throws.
     */
    public HistoryBuffer open(String room, int size) {
        if (directory == null) {
            return new HistoryBuffer(size);
        }
        HistoryFile file = new HistoryFile(directory.resolve(fileName(room)), room, size, this);
        HistoryBuffer history = new HistoryBuffer(size, file, this);
        if (persist) {
            // On the writer thread, after what it still has to write (the room was left a moment ago), so the file
            // is read as complete, and only that thread ever touches it; the joining thread waits.
            afterQueuedWrites(() -> file.load(history::remember));
        }
        return history;
    }

    @Override
    public boolean append(Runnable write) {
        if (queuedAppends.incrementAndGet() > MAX_QUEUED_APPENDS) {
            queuedAppends.decrementAndGet();
            return false;
        }
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } finally {
                    queuedAppends.decrementAndGet();
                }
            });
            return true;
        } catch (RejectedExecutionException stopped) {
            queuedAppends.decrementAndGet();
            return false; // the store was closed: nothing is written any more
        }
    }

    @Override
    public void always(Runnable write) {
        try {
            writer.execute(write);
        } catch (RejectedExecutionException stopped) {
            // the store was closed, and every file with it
        }
    }

    /**
     * Writes what is queued, then stops the writer thread: the engine stops, after its rooms queued the
     * closing of their files. Waits up to {@link #CLOSE_WAIT_SECONDS}; what is still queued after that is
     * lost from the files (not from memory), with a warning.
     */
    public void close() {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                warnings.accept("history files: " + writer.getQueue().size() + " writes still queued after "
                        + CLOSE_WAIT_SECONDS + " s were dropped (the disk is too slow)", null);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until what was queued before is written: for tests that read the files. */
    public void flush() {
        if (writer != null) {
            afterQueuedWrites(() -> { });
        }
    }

    /** Runs a task on the writer thread after what is queued, and waits for it; runs it here once closed. */
    private void afterQueuedWrites(Runnable task) {
        Future<?> done;
        try {
            done = writer.submit(task);
        } catch (RejectedExecutionException closed) {
            task.run(); // the writer thread is gone: nothing else touches the files
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the join goes on: the file is read whole, then the interrupt is kept
            } catch (ExecutionException e) {
                warnings.accept("history files: a read or write failed", e.getCause());
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Switches reading and writing files on or off; a room joined while off reads nothing of its file. */
    public void persist(boolean on) {
        this.persist = on;
    }

    @Override
    public boolean persisting() {
        return persist;
    }

    @Override
    public MessageCodec lines() {
        return lines;
    }

    /** @return whether a sender id was this node's in an earlier run (known only when history has files) */
    @Override
    public boolean isOwn(String senderId) {
        return ownIds != null && ownIds.contains(senderId);
    }

    @Override
    public void recordOwn(String senderId) {
        ownIds.record(senderId);
    }

    @Override
    public void warn(String message, Throwable cause) {
        warnings.accept(message, cause);
    }

    /**
     * @return the file name of a room's history: letters {@code a-z}, digits, {@code -} and {@code _} as they
     *         are, every other character (capitals included, so that {@code Lobby} and {@code lobby} stay two
     *         files on case-insensitive file systems) as {@code %} and two upper-case hex digits, then
     *         {@value #SUFFIX}; so {@code .}, {@code ..} and {@code #} never reach the file system as such
     */
    static String fileName(String room) {
        StringBuilder name = new StringBuilder(room.length() + 12);
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                name.append(c);
            } else {
                // Room names are ASCII (Names.isRoom), so one byte per character.
                name.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return name.append(SUFFIX).toString();
    }
}
