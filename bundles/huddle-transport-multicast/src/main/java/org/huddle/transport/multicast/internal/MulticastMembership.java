package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;

/**
 * A channel opened for one listener. Its sockets can be replaced while it is open ({@link #reopen}), so a
 * reconfigured transport moves its users to new settings without closing anything they hold: the new
 * sockets are opened before the old ones are closed, and a setting that cannot be opened leaves the old
 * sockets working.
 */
final class MulticastMembership implements Membership {

    private final DatagramListener listener;
    private final TransportCounters counters;
    private final Warnings warnings;
    private final String threadName;
    private final boolean followsDefault;
    private final Consumer<MulticastMembership> onClose;
    private SocketSet sockets;
    private boolean closed;

    private MulticastMembership(DatagramListener listener, TransportCounters counters, Warnings warnings,
            String threadName, boolean followsDefault, Consumer<MulticastMembership> onClose) {
        this.listener = listener;
        this.counters = counters;
        this.warnings = warnings;
        this.threadName = threadName;
        this.followsDefault = followsDefault;
        this.onClose = onClose;
    }

    /**
     * @param followsDefault whether the channel is the transport's default channel, and so changes with it
     */
    static MulticastMembership open(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings,
            DatagramListener listener, TransportCounters counters, Warnings warnings, String threadName,
            boolean followsDefault, Consumer<MulticastMembership> onClose) throws IOException {
        MulticastMembership m = new MulticastMembership(listener, counters, warnings, threadName, followsDefault,
                onClose);
        m.sockets = SocketSet.open(channel, interfaces, settings, listener, counters, warnings, threadName);
        return m;
    }

    boolean followsDefault() {
        return followsDefault;
    }

    /**
     * Moves to new settings: opens the new sockets, then closes the old ones. While both are open a
     * datagram may arrive twice, which receivers recognise as a duplicate.
     *
     * @throws IOException when the new sockets cannot be opened; the old ones stay in use
     */
    void reopen(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings) throws IOException {
        SocketSet next = SocketSet.open(channel, interfaces, settings, listener, counters, warnings, threadName);
        SocketSet previous;
        synchronized (this) {
            if (closed) {
                next.close();
                return;
            }
            previous = sockets;
            sockets = next;
        }
        previous.close();
    }

    @Override
    public synchronized Channel channel() {
        return sockets.channel();
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        SocketSet current;
        synchronized (this) {
            if (closed) {
                throw new IOException("membership of " + sockets.channel() + " is closed");
            }
            current = sockets;
        }
        current.send(datagram);
    }

    @Override
    public void close() {
        SocketSet last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = sockets;
        }
        onClose.accept(this);
        last.close();
    }
}
