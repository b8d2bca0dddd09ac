package org.huddle.engine.internal.delivery;

import java.util.List;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomRegistry;

/**
 * The receive pipeline's last stage for chat: a whole message goes into its room's history and to the front
 * ends (through {@link ListenerDispatch}, never on this thread); what the window gave up and what reassembly
 * could not finish is counted and told. Gets Huddle's messages from {@link Reassembly}, backchannel's from
 * {@link Inbox}; hands nothing back.
 */
final class RoomDelivery implements Reassembly.Outcome {

    /**
     * A message this much older than the room's join (by the sender's clock) was said before this node was
     * there; within it, clocks a little apart do not hide news.
     */
    static final long BEFORE_JOIN_SLACK_MILLIS = 2000;

    /** A gap larger than any sender's retransmit buffer many times over: a jump in numbering, not a loss. */
    static final long MAX_CREDIBLE_LOSS = 1_000_000;

    private final RoomRegistry rooms;
    private final EngineCounters counters;
    private final ListenerDispatch dispatch;

    RoomDelivery(RoomRegistry rooms, EngineCounters counters, ListenerDispatch dispatch) {
        this.rooms = rooms;
        this.counters = counters;
        this.dispatch = dispatch;
    }

    @Override
    public void whole(ChatMessage message) {
        Room room = rooms.find(message.room());
        if (room != null) { // not left in the meantime
            deliver(room, message);
        }
    }

    @Override
    public void dropped(String room, String text) {
        counters.incompleteDropped.increment();
        dispatch.notice(new Notice(room, Notice.Level.WARNING, text));
    }

    @Override
    public void lost(String room, String handle, long count) {
        if (count > MAX_CREDIBLE_LOSS) {
            // Nobody sends that many unheard: a forged or broken numbering, not a loss to count.
            counters.jumps.increment();
            dispatch.notice(new Notice(room, Notice.Level.WARNING, handle + "'s numbering in " + room
                    + " jumped ahead by " + count + "; the messages in between are not counted as lost"));
        } else {
            counters.lost.add(count);
            dispatch.notice(new Notice(room, Notice.Level.WARNING, "lost " + count
                    + (count == 1 ? " message" : " messages") + " from " + handle + " in " + room));
        }
    }

    void deliver(Room room, ChatMessage message) {
        if (message.timestamp().isBefore(room.joinedAt().minusMillis(BEFORE_JOIN_SLACK_MILLIS))) {
            // Fetched by repair from a sender first heard early, but said before this node joined: history.
            counters.historyMerged.add(room.history().merge(List.of(message)));
            return;
        }
        room.history().add(message);
        counters.delivered.increment();
        dispatch.message(message);
    }
}
