package org.huddle.engine.internal.history;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.function.Consumer;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;

/**
 * One room's history file, as {@code docs/storage.md} describes it: a line per message. Reading skips and
 * counts what does not decode. Writing appends each message with one write call, so it is the operating
 * system's once added (a crash of the process loses nothing; a power cut can lose the last lines, which is
 * why nothing is fsynced per message), and once the file holds twice the room's history size it is
 * rewritten with the messages in memory through a temporary file and an atomic rename. Any failure leaves
 * the room's history in memory only, with one warning, until the room is joined again.
 *
 * <p>Not thread safe: after {@link #load} (on the joining thread, before anything is written), only the
 * store's writer thread calls it, in the order the room's {@link HistoryBuffer} queued the writes.
 */
public final class HistoryFile {

    /** What a history file needs of the store that opened it (implemented by {@link HistoryStore}). */
    interface Store {
        /** @return whether files are read and written at all now */
        boolean persisting();

        /** @return the codec of the file's lines */
        MessageCodec lines();

        /** @return whether a sender id was this node's in an earlier run */
        boolean isOwn(String senderId);

        /** Remembers a sender id of this node's, so that a later run shows its messages as its own. */
        void recordOwn(String senderId);

        void warn(String message, Throwable cause);
    }

    private final Path path;
    private final String room;
    private final int keep;
    private final Store store;
    private FileChannel out;
    /** Lines in the file, damaged and blank ones included; -1 until read or counted. */
    private long lines = -1;
    /** The file ends inside a line (cut short by a crash): what is written next starts on a line of its own. */
    private boolean endsMidLine;
    private boolean failed;
    private boolean closed;
    /** The room's latest messages as the file holds them, oldest first: what a rewrite keeps. */
    private final ArrayDeque<ChatMessage> kept = new ArrayDeque<>();

    HistoryFile(Path path, String room, int keep, Store store) {
        this.path = path;
        this.room = room;
        this.keep = keep;
        this.store = store;
    }

    Path path() {
        return path;
    }

    /** Hands every message that decodes to {@code into}, oldest first; never throws. */
    void load(Consumer<ChatMessage> into) {
        long damaged = 0;
        try (InputStream in = Files.newInputStream(path)) {
            HistoryLines reader = new HistoryLines(in, store.lines().maxDatagram());
            long count = 0;
            for (ByteBuffer line = reader.next(); line != null; line = reader.next()) {
                count++;
                if (isBlank(line)) {
                    continue;
                }
                ChatMessage message = reader.overlong() ? null : decode(line);
                if (message == null) {
                    damaged++;
                } else {
                    into.accept(message);
                    keep(message);
                }
            }
            lines = count;
            endsMidLine = !reader.endsWithNewline();
        } catch (NoSuchFileException e) {
            lines = 0;
        } catch (IOException | RuntimeException e) {
            fail("cannot read " + path + " (" + e + ")", e);
            return;
        }
        if (damaged > 0) {
            store.warn("history of room " + room + ": skipped " + damaged + " damaged line(s) of " + lines + " in "
                    + path + "; the other messages are loaded", null);
        }
    }

    private ChatMessage decode(ByteBuffer line) {
        Envelope e;
        try {
            e = store.lines().decode(line);
        } catch (MalformedDatagramException | RuntimeException damaged) {
            return null;
        }
        if (!e.room().equals(room)) {
            return null; // a line of another room's file: not this room's history
        }
        return new ChatMessage(e.room(), e.senderId(), e.handle(), e.sequence(), Instant.ofEpochMilli(e.timestamp()),
                e.content(), store.isOwn(e.senderId()));
    }

    private void keep(ChatMessage message) {
        if (kept.size() == keep) {
            kept.removeFirst();
        }
        kept.addLast(message);
    }

    /** @return whether messages added now are written ({@code history.persist}); read on any thread */
    boolean persisting() {
        return store.persisting();
    }

    /**
     * Appends a message that was just added to memory; never throws.
     *
     * @param persisting whether history was persisted when the message was added
     */
    void append(ChatMessage message, boolean persisting) {
        keep(message);
        if (closed || failed || !persisting) {
            return;
        }
        if (message.local()) {
            store.recordOwn(message.senderId());
        }
        try {
            if (out == null) {
                openForAppend();
            }
            if (lines + 1 > 2L * keep) {
                rewrite(kept);
                return;
            }
            byte[] line = encode(message);
            if (line == null) {
                return;
            }
            ByteBuffer bytes = endsMidLine ? ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip()
                    : ByteBuffer.wrap(line);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            lines++;
            endsMidLine = false;
        } catch (IOException | RuntimeException e) {
            fail("cannot write " + path + " (" + e + ")", e);
        }
    }

    /** Replaces the file's lines with {@code latest} (a merge placed messages before others); never throws. */
    void replace(Collection<ChatMessage> latest) {
        kept.clear();
        latest.forEach(this::keep);
        if (closed || failed || !store.persisting()) {
            return;
        }
        try {
            rewrite(latest);
        } catch (IOException | RuntimeException e) {
            fail("cannot write " + path + " (" + e + ")", e);
        }
    }

    private void openForAppend() throws IOException {
        if (lines < 0) {
            count(); // joined while history.persist was off: the file was never read
        }
        out = PrivateFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void count() throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            HistoryLines reader = new HistoryLines(in, 1);
            long count = 0;
            while (reader.next() != null) {
                count++;
            }
            lines = count;
            endsMidLine = !reader.endsWithNewline();
        } catch (NoSuchFileException e) {
            lines = 0;
        }
    }

    /** Replaces the file with {@code latest}, so it never holds more than twice the history size. */
    private void rewrite(Collection<ChatMessage> latest) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        long written = 0;
        try (FileChannel channel = PrivateFiles.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            for (ChatMessage m : latest) {
                byte[] line = encode(m);
                if (line != null) {
                    buffered.write(line);
                    written++;
                }
            }
            buffered.flush();
            // The rename must never replace the old file with one whose data is not on disk yet.
            channel.force(true);
        }
        closeOut();
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
        lines = written;
        endsMidLine = false;
        out = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** @return the line with its newline, or {@code null} (after a warning) when the codec refuses it */
    private byte[] encode(ChatMessage m) {
        ByteBuffer json;
        try {
            json = store.lines().encode(new Envelope(Envelope.Type.MESSAGE, m.senderId(), m.handle(), m.room(),
                    m.sequence(), m.timestamp().toEpochMilli(), m.content()));
        } catch (IllegalArgumentException tooLong) {
            store.warn("history of room " + room + ": a message of " + m.handle() + " is not kept in " + path + " ("
                    + tooLong.getMessage() + ")", null);
            return null;
        }
        byte[] line = new byte[json.remaining() + 1];
        json.get(line, 0, line.length - 1);
        line[line.length - 1] = '\n';
        return line;
    }

    private void fail(String what, Throwable cause) {
        failed = true;
        closeOut();
        store.warn("history of room " + room + ": " + what + "; its history is kept in memory only until the room"
                + " is joined again", cause);
    }

    void close() {
        closed = true;
        closeOut();
    }

    private void closeOut() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Every line was written with its own call already: nothing is lost by a failing close.
            }
            out = null;
        }
    }

    private static boolean isBlank(ByteBuffer line) {
        for (int i = line.position(); i < line.limit(); i++) {
            byte b = line.get(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
