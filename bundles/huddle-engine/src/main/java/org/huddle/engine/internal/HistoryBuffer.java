package org.huddle.engine.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.huddle.api.ChatMessage;

/**
 * The latest messages of one room, oldest dropped first, and the room's history file if it has one. Thread
 * safe: its lock also guards the file, so lines are written in the order messages are added.
 */
final class HistoryBuffer {

    private final int capacity;
    private final ArrayDeque<ChatMessage> messages;
    private final HistoryFile file;

    HistoryBuffer(int capacity) {
        this(capacity, null);
    }

    /** @param file where added messages are appended, or {@code null} to keep them in memory only */
    HistoryBuffer(int capacity, HistoryFile file) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history size must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(Math.min(capacity, 64));
        this.file = file;
    }

    /** Adds a message said or received now, and appends it to the room's file. */
    synchronized void add(ChatMessage message) {
        remember(message);
        if (file != null) {
            file.append(message, Collections.unmodifiableCollection(messages));
        }
    }

    /** Adds a message read from the room's file, without writing it back. */
    synchronized void remember(ChatMessage message) {
        if (messages.size() == capacity) {
            messages.removeFirst();
        }
        messages.addLast(message);
    }

    /** @return up to {@code limit} of the latest messages, oldest first */
    synchronized List<ChatMessage> latest(int limit) {
        int n = Math.min(limit, messages.size());
        List<ChatMessage> result = new ArrayList<>(n);
        Iterator<ChatMessage> newestFirst = messages.descendingIterator();
        for (int i = 0; i < n; i++) {
            result.add(newestFirst.next());
        }
        Collections.reverse(result);
        return result;
    }

    synchronized int size() {
        return messages.size();
    }

    /** Stops writing the room's file (the room was left, or the engine stops); memory stays readable. */
    synchronized void close() {
        if (file != null) {
            file.close();
        }
    }
}
