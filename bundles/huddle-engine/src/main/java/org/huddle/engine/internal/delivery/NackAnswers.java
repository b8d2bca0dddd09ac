package org.huddle.engine.internal.delivery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * Answers NACKs on the receive path: for this node's own messages from what it kept as sent (and a member
 * that could not keep up makes it send slower), for a sender no longer in the room from the room's history,
 * within budgets that NACKs cannot raise.
 */
public final class NackAnswers {

    /**
     * At most this many messages of others, encoded again from history, resent for one NACK, so one request
     * cannot make a node flood the room.
     */
    static final int MAX_RESENT = 64;

    /**
     * At most this many of its own, kept as sent, a node resends for one NACK: a receiver that fell behind a
     * fast sender misses thousands at once, and a NACK goes only every retry interval, so 64 would repair
     * about a thousand a second while the gap's hold time runs out. Within the default flood burst.
     */
    static final int MAX_RESENT_OWN = 256;

    /** At most this many resent per second in all: see {@link ResendBudget}. */
    static final int RESENDS_PER_SECOND = 500;

    /** Above {@link #RESENDS_PER_SECOND}, up to this share of what this node sent in the last second. */
    static final int RESENDS_OWN_PERCENT = 100;

    /**
     * A datagram of its own that went out again this recently is not sent again for another NACK: the members
     * that lost it ask within milliseconds of each other, and one resend to the group reaches them all. Below
     * the requesters' retry interval ({@link Inbox#REQUEST_INTERVAL_MILLIS}), so a resend lost too is asked for
     * and sent again.
     */
    static final long RESEND_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Of those, at most this many for requesters not known to be in the room. */
    public static final int STRANGER_RESENDS_PER_SECOND = 100;

    private final ReceiveContext c;
    private final ResendBudget resendBudget;
    private final ResendBudget strangerResends;

    NackAnswers(ReceiveContext context) {
        this.c = context;
        this.strangerResends = new ResendBudget(STRANGER_RESENDS_PER_SECOND, context.time().nanos());
        this.resendBudget = new ResendBudget(RESENDS_PER_SECOND, context.time().nanos(), context.counters().sent::sum,
                RESENDS_OWN_PERCENT);
    }

    /**
     * A NACK: for this node's messages, resends what it still holds; for those of a sender that is no longer
     * in the room (left, timed out), whoever holds them in the room's history answers in its place.
     */
    void nack(RoomChannel channel, Envelope e) {
        Room room = c.rooms().find(e.room(), channel);
        String of = e.extras().of();
        if (room == null) {
            return;
        }
        // A requester not known to be in the room (anyone can make one up) draws on a budget of its own, so
        // forged NACKs cannot use up what honest repair needs: for this node's messages and for others' alike.
        boolean known = c.presence().isIn(e.senderId(), room.name());
        if (c.selfId().equals(of)) {
            c.counters().nacksReceived.increment();
            if (known) {
                // a member cannot keep up: send slower (a made-up requester slows nobody)
                c.pace().congested(room.name(), newest(e.extras().missing()), room.peekSequence() - 1);
            }
            resendOwn(channel, e.room(), e.extras().missing(), known);
        } else if (!c.presence().isIn(of, room.name())) {
            List<ByteBuffer> held = new ArrayList<>();
            for (ChatMessage m : room.history().find(of, e.extras().missing(), MAX_RESENT)) {
                try {
                    held.add(c.codecs().huddle().encode(new Envelope(Envelope.Type.MESSAGE, m.senderId(), m.handle(),
                            m.room(), m.sequence(), m.timestamp().toEpochMilli(), m.content())));
                } catch (IllegalArgumentException tooLong) {
                    // a whole message longer than one datagram: its parts are not kept apart
                }
            }
            resend(channel, held, c.counters().resentForOthers, known);
        }
    }

    private static long newest(List<Envelope.Range> ranges) {
        long newest = 0;
        for (Envelope.Range r : ranges) {
            newest = Math.max(newest, r.to());
        }
        return newest;
    }

    /** This node's own, as kept when sent, except what just went out again for another member's NACK. */
    private void resendOwn(RoomChannel channel, String room, List<Envelope.Range> missing, boolean known) {
        long now = c.time().nanos().getAsLong();
        for (SentMessages.Kept k : c.sent().findToResend(room, missing, MAX_RESENT_OWN, now, RESEND_QUIET_NANOS,
                c.counters().resendsRepeated)) {
            if (!resend(channel, k.datagram(), c.counters().resent, known)) {
                return;
            }
            c.sent().resent(room, k.sequence(), now);
        }
    }

    private void resend(RoomChannel channel, List<ByteBuffer> datagrams, LongAdder count, boolean known) {
        for (ByteBuffer datagram : datagrams) {
            if (!resend(channel, datagram, count, known)) {
                return;
            }
        }
    }

    /**
     * @param known whether the requester is known to be in the room; anyone else draws on the strangers' share
     * @return whether it went out; if not, the rest of the NACK is not answered and the requester asks again
     */
    private boolean resend(RoomChannel channel, ByteBuffer datagram, LongAdder count, boolean known) {
        if (!ResendBudget.take(resendBudget, strangerResends, known)) {
            c.counters().resendsRefused.increment();
            return false; // over the budget: an honest requester asks again, a flood gets nothing more
        }
        if (!c.pace().takeForRepair()) {
            c.counters().resendsHeld.increment();
            return false; // receivers would drop it for this host's rate
        }
        if (!c.sender().send(channel, datagram)) {
            return false;
        }
        count.increment();
        return true;
    }
}
