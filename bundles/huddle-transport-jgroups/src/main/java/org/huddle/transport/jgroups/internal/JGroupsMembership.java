package org.huddle.transport.jgroups.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;

/** A channel open on the cluster: what is sent goes to every member, framed with the channel's name. */
final class JGroupsMembership implements Membership {

    private final JGroupsTransport transport;
    private final Channel channel;
    private final byte[] name;
    private final DatagramListener listener;

    JGroupsMembership(JGroupsTransport transport, Channel channel, DatagramListener listener) {
        this.transport = transport;
        this.channel = channel;
        this.name = ChannelFrames.name(channel);
        this.listener = listener;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    String name() {
        return channel.toString();
    }

    DatagramListener listener() {
        return listener;
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        transport.send(null, ChannelFrames.frame(name, datagram));
    }

    /** Framed with its origin, which the receivers' listeners are told as its source. */
    @Override
    public void relay(ByteBuffer datagram, InetSocketAddress origin) throws IOException {
        if (origin == null || origin.getAddress() == null) {
            send(datagram);
            return;
        }
        transport.send(null, ChannelFrames.relayed(name, datagram, origin));
    }

    @Override
    public void sendTo(InetSocketAddress target, ByteBuffer datagram) throws IOException {
        transport.send(target, ChannelFrames.frame(name, datagram));
    }

    @Override
    public boolean isOwn(InetSocketAddress source) {
        return transport.isOwn(source);
    }

    @Override
    public void close() {
        transport.closed(this);
    }
}
