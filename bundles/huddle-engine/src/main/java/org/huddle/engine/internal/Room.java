package org.huddle.engine.internal;

/** A joined room: where its traffic goes, its history and this node's next sequence number in it. */
final class Room {

    private final String name;
    private final RoomChannel channel;
    private final HistoryBuffer history;
    private long nextSequence = 1;

    Room(String name, RoomChannel channel, int historySize) {
        this.name = name;
        this.channel = channel;
        this.history = new HistoryBuffer(historySize);
    }

    String name() {
        return name;
    }

    RoomChannel channel() {
        return channel;
    }

    HistoryBuffer history() {
        return history;
    }

    /** The sequence the next message will carry; callers hold the room's lock from peek to commit. */
    long peekSequence() {
        return nextSequence;
    }

    /** Called once a message with {@link #peekSequence()} was sent, so no number is skipped on failure. */
    void commitSequence() {
        nextSequence++;
    }
}
