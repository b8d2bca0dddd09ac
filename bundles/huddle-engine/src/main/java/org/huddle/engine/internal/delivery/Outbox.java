package org.huddle.engine.internal.delivery;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.bundling.SendQueue;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.rooms.Room;

/**
 * The send path: encodes what is said in the room's wire and queues it for the sending thread, on the room's
 * membership, once flow control lets it (docs/reliability.md, Flow control and bundling). On Huddle's
 * wire, text too long for one datagram goes out as fragments that receivers join again
 * ({@link MessageFragments}); on backchannel's, as numbered parts, each a message of its own, since its
 * clients die on anything longer than 1024 bytes.
 */
public final class Outbox {

    /** A {@code say} held back this long by flow control is told to the user, once per room. */
    static final long TELL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    static final long FAILURE_TELL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String selfId;
    private final Codecs codecs;
    private final EngineCounters counters;
    private final ListenerDispatch dispatch;
    private final SentMessages sent;
    private final SendWindows windows;
    private volatile SendQueue sendQueue;
    private final EngineTime time;
    /** When each room's last send failure was told, in nanoseconds: at most one notice per room a minute. */
    private final Map<String, Long> failureTold = new ConcurrentHashMap<>();
    /** Rooms where a long wait for members was told already: once per room and run. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    public Outbox(String selfId, Codecs codecs, EngineCounters counters, ListenerDispatch dispatch, SentMessages sent,
            SendWindows windows, EngineTime time) {
        this.time = time;
        this.sent = sent;
        this.windows = windows;
        this.selfId = selfId;
        this.codecs = codecs;
        this.counters = counters;
        this.dispatch = dispatch;
    }

    /** Where datagrams go from now on (set once, before the first say: the queue tells this outbox its failures). */
    public void sendThrough(SendQueue queue) {
        this.sendQueue = queue;
    }

    /**
     * The sending thread could not send a datagram of a room's: told as a warning, at most once a minute per
     * room (a network that is down fails every datagram). On Huddle's wire the datagram stays kept for repair.
     */
    public void notSent(String room, Exception why) {
        long now = time.nanos().getAsLong();
        Long last = failureTold.get(room);
        if (last != null && now - last < FAILURE_TELL_NANOS) {
            return;
        }
        failureTold.put(room, now);
        dispatch.notice(new Notice(room, Notice.Level.WARNING, "could not send in " + room + " now: "
                + (why.getMessage() == null ? "the transport failed" : why.getMessage()) + " (on Huddle's wire kept: peers ask for it again once they hear from this node)"));
    }

    /** @return the (last) message as sent */
    public ChatMessage say(Room room, Membership membership, String handle, String content) {
        MessageCodec codec = codecs.forWire(room.channel().wire());
        return switch (room.channel().wire()) {
            case HUDDLE -> send(room, membership, codec, handle, content, MessageFragments.parts(codec,
                    room.channel().maxDatagram(codec), selfId, handle, room.name(), content));
            case BACKCHANNEL -> {
                ChatMessage last = null;
                for (String part : TextSplitter.split(content, part -> fits(codec, handle, part))) {
                    last = send(room, membership, codec, handle, part, List.of(part));
                }
                yield last;
            }
        };
    }

    private boolean fits(MessageCodec codec, String handle, String part) {
        try {
            codec.encode(new Envelope(Envelope.Type.MESSAGE, selfId, handle, "", 0, 0, part));
            return true;
        } catch (IllegalArgumentException tooLong) {
            return false;
        }
    }

    /**
     * Parts are cut to fit with the widest numbers and flags an envelope can carry, since a part is resent and
     * replayed as it is. A message that is sent whole is resent under its own number and time, and replayed from
     * history cut again as need be, so it only has to fit as it goes out now: a kilobyte of text in an encrypted
     * room, which the widest envelope would cut in two, fits one datagram.
     *
     * @return the message as one datagram, or {@code null} when it does not fit one
     */
    private ByteBuffer wholeIfItFits(Room room, MessageCodec codec, String handle, String content, long sequence,
            long now) {
        try {
            ByteBuffer datagram = codec.encode(new Envelope(Envelope.Type.MESSAGE, selfId, handle, room.name(), sequence,
                    now, content));
            return datagram.remaining() <= room.channel().maxDatagram(codec) ? datagram : null;
        } catch (IllegalArgumentException tooLong) {
            return null;
        }
    }

    /**
     * Sends one message: whole, or as fragments under consecutive sequence numbers of their own. First waits
     * while this node is a window ahead of a member in the room ({@link SendWindows}); then numbered, kept for
     * repair and added to history under the room's lock, so that nothing else this node says in the room comes
     * between the parts; queued for the sending thread after it, in the room's order (the room's outgoing
     * hand-off), where it may wait for room in the queue. Every datagram is encoded before the first is
     * numbered, so a refusal consumes nothing. The message is shown and kept once, under the sequence number of
     * its last part: the highest a {@code hello} announces, and the one receivers deliver it under. A datagram
     * that the sending thread could not send is told in a notice; on Huddle's wire peers ask for it again once
     * they hear of it.
     */
    private ChatMessage send(Room room, Membership membership, MessageCodec codec, String handle, String content,
            List<String> parts) {
        boolean huddle = room.channel().wire() == Wire.HUDDLE;
        if (huddle) {
            long upTo;
            synchronized (room) {
                upTo = room.peekSequence() + parts.size() - 1;
            }
            long waited = windows.await(room.name(), upTo); // before the room's lock: others say meanwhile
            if (waited > 0) {
                counters.windowWaits.increment();
                if (waited >= TELL_WAIT_NANOS && told.add(room.name())) {
                    dispatch.notice(new Notice(room.name(), Notice.Level.INFO, "sending in " + room.name()
                            + " waits for members who are behind (flow control); nothing is dropped"));
                }
            }
        }
        int bundleLimit = huddle ? room.channel().maxDatagram(codec) : 0;
        ChatMessage message;
        synchronized (room) {
            if (room.isLeft()) {
                // Left while this was being said: its next number now belongs to the room joined again.
                throw new ChatException("not in room '" + room.name() + "' any more");
            }
            long now = time.millis();
            long first = room.peekSequence();
            List<ByteBuffer> datagrams = new ArrayList<>(parts.size());
            ByteBuffer whole = parts.size() == 2 ? wholeIfItFits(room, codec, handle, content, first, now) : null;
            if (whole != null) {
                parts = List.of(content);
                datagrams.add(whole);
            }
            for (int i = datagrams.size(); i < parts.size(); i++) {
                Envelope.Extras extras = parts.size() == 1 ? Envelope.Extras.NONE
                        : Envelope.Extras.fragment(i + 1, parts.size());
                try {
                    datagrams.add(codec.encode(new Envelope(Envelope.Type.MESSAGE, selfId, handle, room.name(),
                            first + i, now, parts.get(i), extras)));
                } catch (IllegalArgumentException tooLong) {
                    throw new ChatException("message too long: " + tooLong.getMessage() + "; send it in shorter parts");
                }
            }
            long seq = first;
            for (ByteBuffer datagram : datagrams) {
                seq = room.peekSequence();
                room.commitSequence();
                if (huddle) {
                    sent.sent(room.name(), seq, datagram); // kept for peers that missed it and ask (NACK)
                }
                room.outgoing().add(() -> queue(room, membership, datagram.duplicate(), bundleLimit));
            }
            message = new ChatMessage(room.name(), selfId, handle, seq, Instant.ofEpochMilli(now), content, true);
            room.history().add(message);
        }
        room.outgoing().run();
        counters.sent.increment();
        dispatch.message(message);
        return message;
    }

    /** One datagram of this node's, on whichever thread runs the room's outgoing hand-off. */
    private void queue(Room room, Membership membership, ByteBuffer datagram, int bundleLimit) {
        try {
            if (!sendQueue.put(room.name(), membership, datagram, bundleLimit)) {
                counters.sendFailures.increment(); // the engine stops: kept for repair, but nobody sends it now
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept for repair on Huddle's wire: peers ask for it
            counters.sendFailures.increment();
        }
    }
}
