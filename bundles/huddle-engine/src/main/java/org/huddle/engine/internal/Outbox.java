package org.huddle.engine.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;

/**
 * The send path: encodes what is said in the room's wire and sends it on the room's membership. On
 * backchannel's wire, text too long for one of its datagrams goes out as numbered parts, since its clients
 * die on anything longer than 1024 bytes.
 */
final class Outbox {

    private final String selfId;
    private final Codecs codecs;
    private final EngineCounters counters;
    private final ListenerDispatch dispatch;
    private final SentMessages sent;

    Outbox(String selfId, Codecs codecs, EngineCounters counters, ListenerDispatch dispatch, SentMessages sent) {
        this.sent = sent;
        this.selfId = selfId;
        this.codecs = codecs;
        this.counters = counters;
        this.dispatch = dispatch;
    }

    /** @return the (last) message as sent */
    ChatMessage say(Room room, Membership membership, String handle, String content) {
        MessageCodec codec = codecs.forWire(room.channel().wire());
        List<String> parts = switch (room.channel().wire()) {
            case HUDDLE -> List.of(content);
            case BACKCHANNEL -> TextSplitter.split(content, part -> fits(codec, handle, part));
        };
        ChatMessage last = null;
        for (String part : parts) {
            last = send(room, membership, codec, handle, part);
        }
        return last;
    }

    private boolean fits(MessageCodec codec, String handle, String part) {
        try {
            codec.encode(envelope(handle, "", 0, 0, part));
            return true;
        } catch (IllegalArgumentException tooLong) {
            return false;
        }
    }

    private Envelope envelope(String handle, String room, long seq, long now, String content) {
        return new Envelope(Envelope.Type.MESSAGE, selfId, handle, room, seq, now, content);
    }

    private ChatMessage send(Room room, Membership membership, MessageCodec codec, String handle, String content) {
        ChatMessage message;
        synchronized (room) {
            if (room.isLeft()) {
                // Left while this was being said: its next number now belongs to the room joined again.
                throw new ChatException("not in room '" + room.name() + "' any more");
            }
            long now = System.currentTimeMillis();
            long seq = room.peekSequence();
            ByteBuffer datagram;
            try {
                datagram = codec.encode(envelope(handle, room.name(), seq, now, content));
            } catch (IllegalArgumentException tooLong) {
                throw new ChatException("message too long: " + tooLong.getMessage() + "; send it in shorter parts");
            }
            try {
                membership.send(datagram);
            } catch (IOException e) {
                throw new ChatException("could not send: " + e.getMessage(), e);
            }
            if (room.channel().wire() == Wire.HUDDLE) {
                sent.sent(room.name(), seq, datagram); // kept for peers that missed it and ask (NACK)
            }
            room.commitSequence();
            message = new ChatMessage(room.name(), selfId, handle, seq, Instant.ofEpochMilli(now), content, true);
            room.history().add(message);
        }
        counters.sent.increment();
        dispatch.message(message);
        return message;
    }
}
