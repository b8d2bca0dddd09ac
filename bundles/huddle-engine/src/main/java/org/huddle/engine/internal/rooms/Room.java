package org.huddle.engine.internal.rooms;

import java.time.Instant;

import org.huddle.engine.internal.core.OrderedHandOff;
import org.huddle.engine.internal.history.HistoryBuffer;

/** A joined room: where its traffic goes, its history and this node's next sequence number in it. */
public final class Room {

    private final String name;
    private final RoomChannel channel;
    private final HistoryBuffer history;
    private final Instant joinedAt;
    private long nextSequence;
    private boolean left;
    /** This node's datagrams in the room, numbered under the room's lock and sent after it, in that order. */
    private final OrderedHandOff outgoing = new OrderedHandOff();

    /** @param nextSequence 1, or where this node's numbering in a room of that name left off in this run */
    Room(String name, RoomChannel channel, HistoryBuffer history, long nextSequence) {
        this.name = name;
        this.channel = channel;
        this.history = history;
        this.nextSequence = nextSequence;
        this.joinedAt = Instant.now();
    }

    public OrderedHandOff outgoing() {
        return outgoing;
    }

    /** When this node joined the room: what was said before is history, not news. */
    public Instant joinedAt() {
        return joinedAt;
    }

    public String name() {
        return name;
    }

    public RoomChannel channel() {
        return channel;
    }

    public HistoryBuffer history() {
        return history;
    }

    /** Called under the room's lock when the room is left: nothing more is sent under its numbers. */
    void markLeft() {
        left = true;
    }

    /** @return whether the room was left; callers hold the room's lock */
    public boolean isLeft() {
        return left;
    }

    /** The sequence the next message will carry; callers hold the room's lock from peek to commit. */
    public long peekSequence() {
        return nextSequence;
    }

    /** Called once a message was given {@link #peekSequence()}: the next one gets the number after it. */
    public void commitSequence() {
        nextSequence++;
    }
}
