package org.huddle.engine.internal.core;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.huddle.api.ChatMessage;
import org.huddle.engine.internal.presence.Presence;

/**
 * The handles that more than one node uses, this node included, so that messages and notices show such a handle
 * with the start of the sender's id ({@code alice#3f2a}): a peer that takes my handle never looks like me.
 *
 * <p>Threads: {@link Presence} updates the set under its own lock when the nodes it knows or this node's handle
 * change; any thread reads it (the dispatch thread for each message) through a volatile field, without a lock.
 */
public final class SharedHandles {

    private final String selfId;
    private final Supplier<String> own;
    private volatile Set<String> shared = Set.of();

    /**
     * @param selfId    this node's id
     * @param ownHandle this node's handle, as it is now
     */
    public SharedHandles(String selfId, Supplier<String> ownHandle) {
        this.selfId = selfId;
        this.own = ownHandle;
    }

    /** @param handles the handle of every known node, this one's included */
    public void update(Collection<String> handles) {
        Map<String, Integer> count = new HashMap<>();
        handles.forEach(h -> count.merge(h, 1, Integer::sum));
        shared = count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @return the handle, with the start of the node's id when another node uses it too. A message under this
     *         node's handle from another node marks the handle at once, before that node's next hello tells the
     *         presence table its new name.
     */
    public String shown(String handle, String id) {
        if (id.isEmpty()) {
            return handle;
        }
        Set<String> s = shared;
        if (!s.contains(handle) && handle.equals(own.get()) && !id.equals(selfId)) {
            Set<String> more = new HashSet<>(s);
            more.add(handle);
            shared = Set.copyOf(more);
            s = shared;
        }
        return s.contains(handle) ? Handles.withId(handle, id) : handle;
    }

    /** @return the message as front ends show it: with {@link #shown} for its handle */
    public ChatMessage shown(ChatMessage m) {
        String handle = shown(m.handle(), m.senderId());
        return handle.equals(m.handle()) ? m
                : new ChatMessage(m.room(), m.senderId(), handle, m.sequence(), m.timestamp(), m.content(), m.local());
    }
}
