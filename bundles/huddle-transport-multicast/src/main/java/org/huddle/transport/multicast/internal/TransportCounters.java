package org.huddle.transport.multicast.internal;

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

    TransportStats snapshot(String name, String description) {
        return new TransportStats(name, description, datagramsSent.sum(), bytesSent.sum(), datagramsReceived.sum(),
                bytesReceived.sum(), sendErrors.sum(), receiveErrors.sum());
    }
}
