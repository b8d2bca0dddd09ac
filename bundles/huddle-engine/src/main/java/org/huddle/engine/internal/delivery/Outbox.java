package org.huddle.engine.internal.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.rooms.Room;

/**
 * The send path: encodes what is said in the room's wire and sends it on the room's membership. On Huddle's
 * wire, text too long for one datagram goes out as fragments that receivers join again
 * ({@link MessageFragments}); on backchannel's, as numbered parts, each a message of its own, since its
 * clients die on anything longer than 1024 bytes.
 */
public final class Outbox {

    private final String selfId;
    private final Codecs codecs;
    private final EngineCounters counters;
    private final ListenerDispatch dispatch;
    private final SentMessages sent;
    private final SendPace pace;
    private final EngineTime time;

    public Outbox(String selfId, Codecs codecs, EngineCounters counters, ListenerDispatch dispatch, SentMessages sent,
            SendPace pace, EngineTime time) {
        this.time = time;
        this.sent = sent;
        this.pace = pace;
        this.selfId = selfId;
        this.codecs = codecs;
        this.counters = counters;
        this.dispatch = dispatch;
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
     * Sends one message: whole, or as fragments under consecutive sequence numbers of their own. Numbered, kept
     * for repair and added to history under the room's lock, so that nothing else this node says in the room
     * comes between the parts; sent after it, in the room's order, by whichever thread runs the room's outgoing
     * queue (usually this one). Every datagram is encoded before the first is numbered, so a refusal consumes
     * nothing. The message is shown and kept once, under the sequence number of its last part: the highest a
     * {@code hello} announces, and the one receivers deliver it under. A datagram that could not go out now is
     * said to the caller when this thread sent it; on Huddle's wire peers ask for it again once they hear of it.
     */
    private ChatMessage send(Room room, Membership membership, MessageCodec codec, String handle, String content,
            List<String> parts) {
        pace.take(parts.size()); // before the room's lock: others say what they have to meanwhile
        ChatMessage message;
        AtomicReference<IOException> failed = new AtomicReference<>();
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
                if (room.channel().wire() == Wire.HUDDLE) {
                    sent.sent(room.name(), seq, datagram); // kept for peers that missed it and ask (NACK)
                }
                room.outgoing().add(() -> sendNow(membership, datagram.duplicate(), failed));
            }
            message = new ChatMessage(room.name(), selfId, handle, seq, Instant.ofEpochMilli(now), content, true);
            room.history().add(message);
        }
        room.outgoing().run();
        counters.sent.increment();
        dispatch.message(message);
        IOException why = failed.get();
        if (why != null) {
            throw new ChatException("could not send now: " + why.getMessage() + (room.channel().wire() == Wire.HUDDLE
                    ? " (kept: peers ask for it again once they hear from this node)" : ""), why);
        }
        return message;
    }

    /** One datagram of this node's, on whichever thread runs the room's outgoing queue. */
    private void sendNow(Membership membership, ByteBuffer datagram, AtomicReference<IOException> failed) {
        try {
            membership.send(datagram);
        } catch (IOException e) {
            counters.sendFailures.increment();
            failed.compareAndSet(null, e);
        }
    }
}
