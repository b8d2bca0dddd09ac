package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import org.huddle.api.transport.DatagramListener;

/**
 * Reads one socket until it is closed. Nothing a datagram or a listener does ends the loop: every
 * failure is counted, reported (the first few, then every thousandth) and the next datagram read. What its
 * {@link LinkScope} refuses is counted by reason and never reaches the listener, without a word in the log: a
 * flood of it would otherwise flood the log too.
 */
final class ReceiverLoop implements Runnable {

    /** Larger than any UDP payload, so no datagram is silently truncated and mistaken for a short one. */
    private static final int BUFFER_SIZE = 65536;

    private final DatagramChannel channel;
    private final DatagramListener listener;
    private final LinkScope scope;
    private final TransportCounters counters;
    private final Warnings warnings;

    ReceiverLoop(DatagramChannel channel, DatagramListener listener, LinkScope scope, TransportCounters counters,
            Warnings warnings) {
        this.channel = channel;
        this.listener = listener;
        this.scope = scope;
        this.counters = counters;
        this.warnings = warnings;
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        while (channel.isOpen()) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                counters.receiveErrors.increment();
                report("receive failed", e);
                continue;
            }
            buffer.flip();
            counters.datagramsReceived.increment();
            counters.bytesReceived.add(buffer.remaining());
            LinkScope.Refusal refusal = scope.refusal(source);
            if (refusal != null) {
                counters.dropped(refusal);
                continue;
            }
            try {
                listener.received(buffer, source);
            } catch (Throwable t) {
                counters.receiveErrors.increment();
                report("datagram from " + source + " could not be handled", t);
            }
        }
    }

    private void report(String what, Throwable t) {
        long errors = counters.receiveErrors.sum();
        if (errors <= 10 || errors % 1000 == 0) {
            warnings.warn(what + " (" + errors + " receive errors so far)", t);
        }
    }
}
