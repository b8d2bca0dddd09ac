package org.huddle.engine.internal.delivery;

import java.util.HashMap;
import java.util.Map;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.rooms.Room;

/**
 * The receiving side of flow control ({@link SendWindows}): tells each sender in a room how far this node has
 * all of its messages, with an {@code ack} on the room's channel at its first message and then every
 * {@link SendWindows#ACK_EVERY}. Counted from what the receive window hands on in order, so a gap holds the
 * acknowledgement back until it is repaired or given up, and a sender waits for a receiver that is behind.
 *
 * <p>Threads: whichever thread runs a window's hand-off (a receive thread, the timer); the ack is sent after
 * this object's lock, which guards only the positions acknowledged.
 */
final class Acknowledgements implements InOrder {

    /** Streams remembered at most, whatever senders appear: as many as the receive windows keep. */
    static final int MAX_STREAMS = Inbox.MAX_STREAMS;

    private record Stream(String room, String sender) {
    }

    private final ReceiveContext c;
    private final InOrder next;
    private final Map<Stream, Long> acked = new HashMap<>();

    /** @param next where what the window hands on goes after it was acknowledged: reassembly */
    Acknowledgements(ReceiveContext context, InOrder next) {
        this.c = context;
        this.next = next;
    }

    @Override
    public void deliver(ChatMessage message, Envelope.Fragment fragment) {
        delivered(message.room(), message.senderId(), message.sequence());
        next.deliver(message, fragment);
    }

    @Override
    public void lost(String room, String senderId, String handle, long count) {
        next.lost(room, senderId, handle, count); // the next message delivered acknowledges past the loss
    }

    /** The receive window handed on a sender's message {@code sequence} in a room: acknowledged when due. */
    private void delivered(String roomName, String sender, long sequence) {
        Stream s = new Stream(roomName, sender);
        synchronized (this) {
            Long last = acked.get(s);
            if (last != null && sequence - last < SendWindows.ACK_EVERY) {
                return;
            }
            if (last == null && acked.size() >= MAX_STREAMS) {
                acked.clear(); // senders acknowledged again from their next message on
            }
            acked.put(s, sequence);
        }
        Room room = c.rooms().find(roomName);
        if (room == null) {
            return;
        }
        if (c.sender().send(room.channel(), c.codecs().huddle().encode(new Envelope(Envelope.Type.ACK, c.selfId(),
                c.handle().get(), roomName, sequence, c.time().millis(), "", Envelope.Extras.ack(sender))))) {
            c.counters().acksSent.increment();
        }
    }

    /** A room was left: its senders are acknowledged anew after the next join. */
    synchronized void forget(String room) {
        acked.keySet().removeIf(s -> s.room().equals(room));
    }
}
