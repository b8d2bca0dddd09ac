package org.huddle.engine.internal.delivery;

import java.util.List;

import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.rooms.Room;

/**
 * Asks senders for what the receive windows miss: a NACK multicast on the room's channel (so the sender answers
 * whoever else missed the same), sent by the window's caller after the window's lock, within budgets.
 */
public final class RepairRequests implements RepairRequest {

    /**
     * NACKs sent at most this many per second in all, and for senders not known to be in the room (no
     * {@code hello} from them there) at most {@link #STRANGER_NACKS_PER_SECOND}: anyone can make senders up by
     * the thousand, each with a gap, and without a cap a flood of them would make this node flood the room
     * with NACKs (docs/security.md, Flood control). Honest repair asks once per gap and retry interval.
     */
    static final int NACKS_PER_SECOND = 500;
    public static final int STRANGER_NACKS_PER_SECOND = 50;

    private final ReceiveContext c;
    private final ResendBudget nacks;
    private final ResendBudget strangerNacks;

    RepairRequests(ReceiveContext context) {
        this.c = context;
        this.nacks = new ResendBudget(NACKS_PER_SECOND, context.time().nanos());
        this.strangerNacks = new ResendBudget(STRANGER_NACKS_PER_SECOND, context.time().nanos());
    }

    @Override
    public void request(String roomName, String senderId, List<Envelope.Range> missing) {
        Room room = c.rooms().find(roomName);
        if (room == null) {
            return;
        }
        if (!ResendBudget.take(nacks, strangerNacks, c.presence().isIn(senderId, roomName))) {
            c.counters().nacksRefused.increment();
            return; // asked again at the next interval, until the hold time gives the gap up
        }
        if (c.sender().send(room.channel(), c.codecs().huddle().encode(new Envelope(Envelope.Type.NACK, c.selfId(),
                c.handle().get(), roomName, 0, c.time().millis(), "", Envelope.Extras.nack(senderId, missing))))) {
            c.counters().nacksSent.increment();
        } // else the next request tries again, and the hold time bounds the wait
    }
}
