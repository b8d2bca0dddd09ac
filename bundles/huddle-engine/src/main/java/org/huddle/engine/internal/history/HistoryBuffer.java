package org.huddle.engine.internal.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;

/**
 * The latest messages of one room, oldest dropped first, and the room's history file if it has one. Thread
 * safe. Writing the file is queued under its lock for the store's writer thread, so lines are written in the
 * order messages are added, and no receive thread or lock waits for the disk.
 */
public final class HistoryBuffer {

    private final int capacity;
    private final ArrayDeque<ChatMessage> messages;
    private final HistoryFile file;
    /** The store's writer thread. */
    private final Writer writes;
    /** A write was not queued: the next one rewrites the file from memory instead of appending. */
    private boolean fileBehind;

    /** Where a room's file writes go: a thread of the store's own, which runs them in the order queued. */
    public interface Writer {
        /** @return whether the append was queued; {@code false} when too many wait already */
        boolean append(Runnable write);

        /** Queues a rewrite or a close, which is never refused while the store is open. */
        void always(Runnable write);
    }

    public HistoryBuffer(int capacity) {
        this(capacity, null, null);
    }

    /**
     * @param file   where added messages are appended, or {@code null} to keep them in memory only
     * @param writes the store's writer thread, which writes the file; {@code null} without a file
     */
    public HistoryBuffer(int capacity, HistoryFile file, Writer writes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history size must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(Math.min(capacity, 64));
        this.file = file;
        this.writes = writes;
    }

    /** Adds a message said or received now, and appends it to the room's file. */
    public synchronized void add(ChatMessage message) {
        remember(message);
        if (file != null) {
            // Queued while the lock orders it, so that the file's lines keep memory's order.
            if (fileBehind) {
                rewrite();
            } else {
                boolean persisting = file.persisting(); // as it is now, not when the writer gets to it
                fileBehind = !writes.append(() -> file.append(message, persisting));
            }
        }
    }

    /** Rewrites the file from memory: after a merge, or when appends were refused (the disk fell behind). */
    private void rewrite() {
        List<ChatMessage> all = List.copyOf(messages);
        writes.always(() -> file.replace(all));
        fileBehind = false;
    }

    /** Adds a message read from the room's file, without writing it back. */
    synchronized void remember(ChatMessage message) {
        if (messages.size() == capacity) {
            messages.removeFirst();
        }
        messages.addLast(message);
    }

    /**
     * Merges messages a peer replayed from its history: those held already (same sender and sequence) are
     * skipped, the others placed by their time among the held ones (the sender's clock: the only time a
     * message carries; then by sequence, so that one sender's messages of one millisecond stay in order),
     * the oldest beyond the capacity dropped, and the room's file rewritten to match.
     *
     * @return how many of {@code replayed} were new and kept
     */
    public synchronized int merge(List<ChatMessage> replayed) {
        Set<Key> held = new HashSet<>();
        for (ChatMessage m : messages) {
            held.add(Key.of(m));
        }
        List<ChatMessage> added = new ArrayList<>();
        for (ChatMessage m : replayed) {
            // Sequence 0: an origin program's message, which has no identity to merge by.
            if (m.sequence() > 0 && held.add(Key.of(m))) {
                added.add(m);
            }
        }
        if (added.isEmpty()) {
            return 0;
        }
        List<ChatMessage> all = new ArrayList<>(messages);
        all.addAll(added);
        // Within one millisecond one sender's numbering tells the order (replays arrive in any order: the IPv6
        // copy of a message whose IPv4 copy was lost comes after the next one); other senders' is anyone's guess.
        all.sort(Comparator.comparing(ChatMessage::timestamp).thenComparing(ChatMessage::senderId)
                .thenComparingLong(ChatMessage::sequence));
        List<ChatMessage> kept = all.subList(Math.max(0, all.size() - capacity), all.size());
        messages.clear();
        messages.addAll(kept);
        if (file != null) {
            rewrite();
        }
        Set<ChatMessage> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        fresh.addAll(added);
        return (int) messages.stream().filter(fresh::contains).count();
    }

    /** @return the messages of one sender held in the ranges given, oldest first, at most {@code max} */
    public synchronized List<ChatMessage> find(String senderId, List<Envelope.Range> ranges, int max) {
        List<ChatMessage> found = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (found.size() == max) {
                break;
            }
            if (m.senderId().equals(senderId) && ranges.stream().anyMatch(r -> r.from() <= m.sequence() && m.sequence() <= r.to())) {
                found.add(m);
            }
        }
        return found;
    }

    /** Who said a message and its number: one message, however often it was sent or replayed. */
    private record Key(String senderId, long sequence) {
        static Key of(ChatMessage m) {
            return new Key(m.senderId(), m.sequence());
        }
    }

    /** @return up to {@code limit} of the latest messages, oldest first */
    public synchronized List<ChatMessage> latest(int limit) {
        int n = Math.min(limit, messages.size());
        List<ChatMessage> result = new ArrayList<>(n);
        Iterator<ChatMessage> newestFirst = messages.descendingIterator();
        for (int i = 0; i < n; i++) {
            result.add(newestFirst.next());
        }
        Collections.reverse(result);
        return result;
    }

    public synchronized int size() {
        return messages.size();
    }

    /** Stops writing the room's file (the room was left, or the engine stops); memory stays readable. */
    public synchronized void close() {
        if (file != null) {
            writes.always(file::close);
        }
    }
}
