package org.huddle.engine.internal.channels;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.sealing.RoomSecret;

/**
 * An encrypted room's view of its base channel's membership: what the engine sends through it leaves
 * sealed, so every sender of the engine (messages, presence, repair, history, probes) encrypts without
 * knowing it. Closing it leaves the base membership open; that one belongs to {@link OpenChannels}.
 */
public final class SealedMembership implements Membership {

    private final Membership base;
    private final RoomSecret secret;
    private final RoomSealing sealing;

    SealedMembership(Membership base, RoomSecret secret, RoomSealing sealing) {
        this.base = base;
        this.secret = secret;
        this.sealing = sealing;
    }

    @Override
    public Channel channel() {
        return base.channel();
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        base.send(sealing.seal(secret, datagram));
    }

    @Override
    public void sendTo(InetSocketAddress target, ByteBuffer datagram) throws IOException {
        base.sendTo(target, sealing.seal(secret, datagram));
    }

    @Override
    public boolean isOwn(InetSocketAddress source) {
        return base.isOwn(source);
    }

    @Override
    public void close() {
        // the base membership stays open for the channel's other rooms; OpenChannels closes it
    }
}
