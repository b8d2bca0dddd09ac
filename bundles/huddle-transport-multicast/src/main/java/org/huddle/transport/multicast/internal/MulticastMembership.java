package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.TransportDiagnosis.JoinReport;

/**
 * A channel opened for one listener. Its sockets can be replaced while it is open ({@link #reopen}), so a
 * reconfigured transport moves its users to new settings or interfaces without closing anything they hold:
 * the new sockets are opened before the old ones are closed, and a setting that cannot be opened leaves the
 * old sockets working.
 */
final class MulticastMembership implements Membership {

    private final DatagramListener listener;
    private final SocketContext context;
    private final String threadName;
    private final boolean followsDefault;
    private final Consumer<MulticastMembership> onClose;
    private volatile SocketSet sockets;
    /** The sockets before the last move, whose datagrams may still come back looped after it. */
    private volatile SocketSet retired;
    private boolean closed;

    private MulticastMembership(DatagramListener listener, SocketContext context, String threadName,
            boolean followsDefault, Consumer<MulticastMembership> onClose) {
        this.listener = listener;
        this.context = context;
        this.threadName = threadName;
        this.followsDefault = followsDefault;
        this.onClose = onClose;
    }

    /**
     * @param followsDefault whether the channel is the transport's default channel, and so changes with it
     */
    static MulticastMembership open(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings,
            DatagramListener listener, SocketContext context, String threadName, boolean followsDefault,
            Consumer<MulticastMembership> onClose) throws IOException {
        MulticastMembership m = new MulticastMembership(listener, context, threadName, followsDefault, onClose);
        m.sockets = SocketSet.open(channel, interfaces, settings, listener, context, threadName);
        return m;
    }

    boolean followsDefault() {
        return followsDefault;
    }

    /**
     * @return whether this membership's sockets are open on exactly these interfaces (names, indexes and
     *         addresses as listed then) with these settings
     */
    synchronized boolean isOn(InterfaceResolver.Choice interfaces, SocketSettings settings) {
        return InterfaceResolver.fingerprint(sockets.interfaces()).equals(
                InterfaceResolver.fingerprint(interfaces.interfaces())) && sockets.settings().equals(settings);
    }

    /**
     * Moves to new settings: opens the new sockets, then closes the old ones. While both are open a
     * datagram may arrive twice, which receivers recognise as a duplicate.
     *
     * @throws IOException when the new sockets cannot be opened; the old ones stay in use
     */
    void reopen(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings) throws IOException {
        SocketSet next = SocketSet.open(channel, interfaces, settings, listener, context, threadName);
        SocketSet previous;
        synchronized (this) {
            if (closed) {
                next.close();
                return;
            }
            previous = sockets;
            sockets = next;
            retired = previous;
        }
        previous.close();
    }

    @Override
    public synchronized Channel channel() {
        return sockets.channel();
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        current().send(datagram);
    }

    @Override
    public void sendTo(InetSocketAddress target, ByteBuffer datagram) throws IOException {
        current().sendTo(target, datagram);
    }

    @Override
    public boolean isOwn(InetSocketAddress source) {
        // Asked for every datagram received: without the lock that every send takes too.
        SocketSet now = sockets; // null while the first sockets open, their receive threads already running
        SocketSet old = retired;
        return (now != null && now.isOwn(source)) || (old != null && old.isOwn(source));
    }

    synchronized List<JoinReport> joins() {
        return closed ? List.of() : sockets.joins();
    }

    synchronized int receiveBufferGranted() {
        return closed ? 0 : sockets.receiveBufferGranted();
    }

    private SocketSet current() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("membership of " + sockets.channel() + " is closed");
            }
            return sockets;
        }
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
