package org.huddle.engine.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

import org.huddle.api.ChatException;
import org.huddle.api.Notice;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.engine.internal.channels.ChannelReceiver;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.channels.RoomSealing;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.presence.Beacon;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.rooms.RoomRegistry;

/**
 * The transport the engine uses now and the channels open on it. SCR binds transports greedily, so a
 * better one arrives before the old one leaves: the new channels are opened first and swapped in whole,
 * and an unbind of a transport that was already replaced changes nothing.
 */
final class BoundTransport {

    private final ChannelReceiver receiver;
    private final RoomSealing sealing;
    private final RoomRegistry rooms;
    private final Beacon beacon;
    private final ListenerDispatch dispatch;
    private final BiConsumer<String, Throwable> warnings;
    private volatile OpenChannels current;

    BoundTransport(ChannelReceiver receiver, RoomSealing sealing, RoomRegistry rooms,
            Beacon beacon, ListenerDispatch dispatch, BiConsumer<String, Throwable> warnings) {
        this.receiver = receiver;
        this.sealing = sealing;
        this.rooms = rooms;
        this.beacon = beacon;
        this.dispatch = dispatch;
        this.warnings = warnings;
    }

    void bind(Transport transport) {
        OpenChannels next = OpenChannels.openFor(transport, receiver, sealing, rooms.all(), dispatch::notice, warnings);
        if (next == null) {
            return;
        }
        OpenChannels previous;
        synchronized (this) {
            previous = current;
            current = next;
        }
        if (previous != null) {
            previous.closeAll();
        }
        beacon.transport(transport);
        dispatch.notice(new Notice(null, Notice.Level.INFO,
                "using transport " + transport.name() + " (" + next.describe(RoomChannel.DEFAULT) + ")"));
    }

    /** @param tell whether to tell the front ends (not while the whole node stops) */
    void unbind(Transport transport, boolean tell) {
        OpenChannels gone;
        synchronized (this) {
            gone = current;
            if (gone == null || gone.transport() != transport) {
                return; // already replaced by a greedier binding
            }
            current = null;
        }
        beacon.transport(null);
        gone.closeAll();
        if (tell) {
            dispatch.notice(new Notice(null, Notice.Level.WARNING, "transport " + transport.name()
                    + " is gone: nothing is sent or received until a transport is back (rooms stay joined)"));
        }
    }

    /** @return the open channels, or {@code null} while no transport is bound */
    OpenChannels current() {
        return current;
    }

    /** @throws ChatException saying what cannot be done while no transport is bound */
    OpenChannels require(String consequence) {
        OpenChannels b = current;
        if (b == null) {
            throw new ChatException("no transport is running, so " + consequence);
        }
        return b;
    }

    /** Sends on a room's channel for the receive path (NACKs, retransmissions, history replays). */
    void send(RoomChannel channel, ByteBuffer datagram) throws IOException {
        OpenChannels b = current;
        Membership m = b == null ? null : b.find(channel);
        if (m == null) {
            throw new IOException("channel not open");
        }
        m.send(datagram);
    }

    /** Closes every channel; the engine is stopping. */
    void close() {
        OpenChannels last = current;
        current = null;
        if (last != null) {
            last.closeAll();
        }
    }
}
