package org.huddle.engine.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.huddle.api.ChatMessage;

/** The latest messages of one room, oldest dropped first. Thread safe. */
final class HistoryBuffer {

    private final int capacity;
    private final ArrayDeque<ChatMessage> messages;

    HistoryBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history size must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(Math.min(capacity, 64));
    }

    synchronized void add(ChatMessage message) {
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
        java.util.Collections.reverse(result);
        return result;
    }

    synchronized int size() {
        return messages.size();
    }
}
