package org.huddle.engine.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.huddle.api.transport.Envelope;

/**
 * The retransmit buffer: the datagrams this node sent in each room lately, kept as sent, so a peer that
 * missed one can have it again (a NACK names the room and the missing sequence numbers). Bounded per room;
 * what has been pushed out is gone, and the asking peer reports it lost when its hold time is over.
 */
final class SentMessages {

    static final int PER_ROOM = 1000;

    private final Map<String, NavigableMap<Long, byte[]>> rooms = new HashMap<>();

    synchronized void sent(String room, long sequence, ByteBuffer datagram) {
        NavigableMap<Long, byte[]> sent = rooms.computeIfAbsent(room, r -> new TreeMap<>());
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        sent.put(sequence, copy);
        while (sent.size() > PER_ROOM) {
            sent.pollFirstEntry();
        }
    }

    /** @return the datagrams of the ranges still held, in order, at most {@code max} */
    synchronized List<ByteBuffer> find(String room, List<Envelope.Range> ranges, int max) {
        List<ByteBuffer> found = new ArrayList<>();
        NavigableMap<Long, byte[]> sent = rooms.get(room);
        if (sent == null) {
            return found;
        }
        for (Envelope.Range r : ranges) {
            for (byte[] datagram : sent.subMap(r.from(), true, r.to(), true).values()) {
                if (found.size() == max) {
                    return found;
                }
                found.add(ByteBuffer.wrap(datagram));
            }
        }
        return found;
    }
}
