package org.huddle.transport.multicast.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.transport.TransportStats;

/** The counters of one transport instance, shared by all its memberships. */
final class TransportCounters {

    final LongAdder datagramsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder datagramsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder receiveErrors = new LongAdder();
    private final Map<LinkScope.Refusal, LongAdder> dropped = new EnumMap<>(LinkScope.Refusal.class);

    TransportCounters() {
        for (LinkScope.Refusal r : LinkScope.Refusal.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    /** Counts a datagram received and not handed on. */
    void dropped(LinkScope.Refusal why) {
        dropped.get(why).increment();
    }

    TransportStats snapshot(String name, String description) {
        // Every reason, in a stable order, also when nothing was dropped: what is 0 is worth seeing too.
        Map<String, Long> drops = new LinkedHashMap<>();
        dropped.forEach((why, count) -> drops.put(why.reason(), count.sum()));
        return new TransportStats(name, description, datagramsSent.sum(), bytesSent.sum(), datagramsReceived.sum(),
                bytesReceived.sum(), sendErrors.sum(), receiveErrors.sum(), drops);
    }
}
