package org.huddle.engine.internal.channels;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * The memberships the engine holds on its bound transport: one per {@link RoomChannel} in use, shared by the
 * rooms on it. The default channel stays open while the transport is bound, so probes of it are answered
 * even before the first room is joined. What arrives on them goes, as it is, to the {@link ChannelReceiver}
 * (the receive pipeline), which also asks here for the sealed channels a sealed datagram may belong to.
 */
public final class OpenChannels {

    private final Transport transport;
    private final ChannelReceiver receiver;
    private final RoomSealing sealing;
    private final Map<RoomChannel, Membership> open = new LinkedHashMap<>();
    private volatile Map<RoomChannel, Map<RoomChannel, Membership>> sealedByBase = Map.of();
    private boolean closed;

    OpenChannels(Transport transport, ChannelReceiver receiver, RoomSealing sealing) {
        this.transport = transport;
        this.receiver = receiver;
        this.sealing = sealing;
    }

    /**
     * Opens the default channel and the channels of the joined rooms on a transport that was just bound.
     *
     * @return the open channels, or {@code null} when not even the default channel opens (said in a notice)
     */
    public static OpenChannels openFor(Transport transport, ChannelReceiver receiver, RoomSealing sealing,
            List<Room> rooms, Consumer<Notice> notices, BiConsumer<String, Throwable> warnings) {
        OpenChannels next = new OpenChannels(transport, receiver, sealing);
        try {
            next.open(RoomChannel.DEFAULT);
        } catch (IOException | RuntimeException e) {
            next.closeAll();
            warnings.accept("cannot open transport " + transport.name(), e);
            notices.accept(new Notice(null, Notice.Level.WARNING,
                    "transport " + transport.name() + " cannot open " + transport.defaultChannel() + ": " + e.getMessage()));
            return null;
        }
        for (Room room : rooms) {
            try {
                next.open(room.channel());
            } catch (IOException | RuntimeException e) {
                // The room stays joined; saying something in it tries again.
                notices.accept(new Notice(room.name(), Notice.Level.WARNING,
                        "cannot open " + next.describe(room.channel()) + ": " + e.getMessage()));
            }
        }
        return next;
    }

    public Transport transport() {
        return transport;
    }

    /** How encrypted rooms' datagrams are sealed: for a probe of one, which leaves on a socket of its own. */
    public RoomSealing sealing() {
        return sealing;
    }

    /**
     * @return the membership of a channel, opened now if it is not open yet. Opening joins groups on the network,
     *         so it happens outside this object's lock; two threads opening one channel at once keep the first.
     */
    public Membership open(RoomChannel channel) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("transport " + transport.name() + " is no longer in use");
            }
            Membership m = open.get(channel);
            if (m != null) {
                return m;
            }
        }
        Membership opened;
        if (channel.sealed()) {
            opened = new SealedMembership(open(channel.base()), channel.secret(), sealing);
        } else {
            Channel where = channel.followsDefault() ? transport.defaultChannel() : channel.channel();
            // The first datagrams can arrive before open() returns: they see no membership yet, which only
            // means a probe among them goes unanswered.
            AtomicReference<Membership> self = new AtomicReference<>();
            opened = transport.open(where, (payload, source) -> receiver.received(channel, self.get(), payload, source));
            self.set(opened);
        }
        Membership kept;
        synchronized (this) {
            kept = closed ? null : open.putIfAbsent(channel, opened);
            if (kept == null && !closed) {
                indexSealed();
                return opened;
            }
        }
        opened.close(); // another thread opened it first, or all was closed meanwhile (a sealed one holds nothing)
        if (kept == null) {
            throw new IOException("transport " + transport.name() + " is no longer in use");
        }
        return kept;
    }

    /** @return the sealed channels open on a base channel, with their memberships: where a sealed datagram may go */
    public Map<RoomChannel, Membership> sealedOn(RoomChannel base) {
        return sealedByBase.getOrDefault(base, Map.of());
    }

    /**
     * Indexes the sealed channels by base after every change to {@link #open}, so that a sealed datagram finds
     * its candidates without the lock or a copy: the receive path asks for every one.
     */
    private void indexSealed() {
        Map<RoomChannel, Map<RoomChannel, Membership>> index = new HashMap<>();
        open.forEach((channel, m) -> {
            if (channel.sealed()) {
                index.computeIfAbsent(channel.base(), b -> new LinkedHashMap<>()).put(channel, m);
            }
        });
        index.replaceAll((base, sealed) -> Collections.unmodifiableMap(sealed));
        sealedByBase = Map.copyOf(index);
    }

    /** @return the open membership of a channel, or {@code null} */
    public synchronized Membership find(RoomChannel channel) {
        return open.get(channel);
    }

    /** @return the open channels of Huddle's wire and their memberships: where presence is announced */
    public synchronized Map<RoomChannel, Membership> huddleChannels() {
        Map<RoomChannel, Membership> huddle = new LinkedHashMap<>();
        open.forEach((channel, m) -> {
            if (channel.wire() == Wire.HUDDLE) {
                huddle.put(channel, m);
            }
        });
        return huddle;
    }

    /** @return where a channel's traffic goes now, for people */
    public synchronized String describe(RoomChannel channel) {
        Membership m = open.get(channel);
        Channel actual = m != null ? m.channel() : channel.followsDefault() ? transport.defaultChannel() : channel.channel();
        return channel.describe(actual);
    }

    /**
     * Closes a channel's membership when no room uses it any more (the default channel stays open); leaving its
     * groups happens after this object's lock.
     */
    public void release(RoomChannel channel) {
        if (channel.equals(RoomChannel.DEFAULT)) {
            return;
        }
        Membership m;
        synchronized (this) {
            m = open.remove(channel);
            indexSealed();
        }
        if (m != null) {
            m.close();
        }
    }

    public void closeAll() {
        List<Membership> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
            indexSealed();
        }
        all.forEach(Membership::close);
    }
}
