package org.huddle.engine.internal.presence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.huddle.api.ChatException;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.Transport;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.flood.FloodControl;

/**
 * The discovery beacon of seed 004: {@code {"username": <handle>}} to 224.0.0.1:9778 every 2 seconds, and
 * the beacons of others heard there. Off until asked for, since 224.0.0.1 reaches every host on the link.
 * Stays on across a change of transport.
 */
public final class Beacon {

    public static final Channel CHANNEL = new Channel(List.of(allHosts()), 9778);
    static final long PERIOD_SECONDS = 2;

    private final MessageCodec codec;
    private final ScheduledExecutorService timer;
    private final Supplier<String> handle;
    private final PeerTable peers;
    private final EngineCounters counters;
    private final FloodControl flood;
    private final BiConsumer<String, Throwable> warnings;
    private boolean on;
    private Membership membership;
    private ScheduledFuture<?> ticks;

    public Beacon(MessageCodec codec, ScheduledExecutorService timer, Supplier<String> handle, PeerTable peers,
            EngineCounters counters, FloodControl flood, BiConsumer<String, Throwable> warnings) {
        this.codec = codec;
        this.timer = timer;
        this.handle = handle;
        this.peers = peers;
        this.counters = counters;
        this.flood = flood;
        this.warnings = warnings;
    }

    private static InetAddress allHosts() {
        try {
            return InetAddress.getByAddress(new byte[] { (byte) 224, 0, 0, 1 });
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public synchronized boolean isOn() {
        return on;
    }

    /** @throws ChatException when there is no transport, or the beacon's port cannot be opened */
    public synchronized void on(Transport transport) {
        if (on) {
            return;
        }
        if (transport == null) {
            throw new ChatException("no transport is running, so no beacon can go out");
        }
        try {
            start(transport);
        } catch (IOException e) {
            throw new ChatException("cannot open " + CHANNEL + " for the beacon: " + e.getMessage()
                    + " (another program may hold port 9778 without sharing it)", e);
        }
        on = true;
    }

    public synchronized void off() {
        on = false;
        stop();
    }

    /** Moves a running beacon to another transport, or pauses it while there is none. */
    public synchronized void transport(Transport transport) {
        stop();
        if (on && transport != null) {
            try {
                start(transport);
            } catch (IOException e) {
                warnings.accept("beacon paused: cannot open " + CHANNEL + " on transport " + transport.name(), e);
            }
        }
    }

    private void start(Transport transport) throws IOException {
        Membership m = transport.open(CHANNEL, (payload, source) -> received(payload, source));
        membership = m;
        ticks = timer.scheduleAtFixedRate(() -> send(m), 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
        if (membership != null) {
            membership.close();
            membership = null;
        }
    }

    private void send(Membership m) {
        try {
            m.send(codec.encode(new Envelope(Envelope.Type.BEACON, "", handle.get(), "", 0, 0, "")));
        } catch (IOException | RuntimeException e) {
            warnings.accept("beacon not sent", e); // the next tick tries again
        }
    }

    /** 224.0.0.1 reaches every host on the link, so a flood there is limited like one on a room's channel. */
    private void received(ByteBuffer payload, InetSocketAddress source) {
        if (!flood.admit(source)) {
            return;
        }
        counters.received.increment();
        Membership m;
        synchronized (this) {
            m = membership;
        }
        if (m != null && m.isOwn(source)) {
            counters.own.increment();
            return;
        }
        try {
            Envelope e = codec.decode(payload);
            peers.heard(e.handle(), "", source, "beacon");
        } catch (MalformedDatagramException ex) {
            counters.dropped(ex.reason());
        }
    }
}
