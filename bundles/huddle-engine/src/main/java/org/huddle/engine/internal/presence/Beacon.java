package org.huddle.engine.internal.presence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.huddle.api.ChatException;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.Transport;
import org.huddle.engine.internal.channels.ChannelReceiver;

/**
 * The discovery beacon of seed 004: {@code {"username": <handle>}} to 224.0.0.1:9778 every 2 seconds, and
 * the beacons of others heard there. Off until asked for, since 224.0.0.1 reaches every host on the link.
 * Stays on across a change of transport. What arrives goes to the engine's receive pipeline like every other
 * channel's datagrams, which ends with the beacon's own last stage (the peer table).
 */
public final class Beacon {

    public static final Channel CHANNEL = new Channel(List.of(allHosts()), 9778);
    static final long PERIOD_SECONDS = 2;

    private final MessageCodec codec;
    private final ScheduledExecutorService timer;
    private final Supplier<String> handle;
    private final ChannelReceiver receiver;
    private final BiConsumer<String, Throwable> warnings;
    private boolean on;
    private Membership membership;
    private ScheduledFuture<?> ticks;
    /** Counts on, off and moves, so that an opening that finished after a later change is undone. */
    private long changes;

    /** @param codec how this node's beacon is written; what arrives is read by the receive pipeline */
    public Beacon(MessageCodec codec, ScheduledExecutorService timer, Supplier<String> handle, ChannelReceiver receiver,
            BiConsumer<String, Throwable> warnings) {
        this.codec = codec;
        this.timer = timer;
        this.handle = handle;
        this.receiver = receiver;
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
    public void on(Transport transport) {
        long change;
        synchronized (this) {
            if (on) {
                return;
            }
            if (transport == null) {
                throw new ChatException("no transport is running, so no beacon can go out");
            }
            on = true;
            change = ++changes;
        }
        try {
            start(transport, change);
        } catch (IOException e) {
            synchronized (this) {
                if (changes == change) {
                    on = false;
                }
            }
            throw new ChatException("cannot open " + CHANNEL + " for the beacon: " + e.getMessage()
                    + " (another program may hold port 9778 without sharing it)", e);
        }
    }

    public void off() {
        Membership gone;
        synchronized (this) {
            on = false;
            changes++;
            gone = stop();
        }
        close(gone);
    }

    /** Moves a running beacon to another transport, or pauses it while there is none. */
    public void transport(Transport transport) {
        Membership gone;
        long change;
        boolean restart;
        synchronized (this) {
            change = ++changes;
            gone = stop();
            restart = on && transport != null;
        }
        close(gone);
        if (restart) {
            try {
                start(transport, change);
            } catch (IOException e) {
                warnings.accept("beacon paused: cannot open " + CHANNEL + " on transport " + transport.name(), e);
            }
        }
    }

    /**
     * Opens the beacon's channel (joining its group) outside this object's lock, and starts the ticks unless
     * the beacon was switched off or moved meanwhile: then what was just opened is closed again.
     */
    private void start(Transport transport, long change) throws IOException {
        AtomicReference<Membership> self = new AtomicReference<>();
        Membership m = transport.open(CHANNEL, (payload, source) -> receiver.beacon(self.get(), payload, source));
        self.set(m);
        synchronized (this) {
            if (changes == change) {
                membership = m;
                ticks = timer.scheduleAtFixedRate(() -> send(m), 0, PERIOD_SECONDS, TimeUnit.SECONDS);
                return;
            }
        }
        m.close();
    }

    /** @return the membership to close once the lock is released; the ticks are stopped already */
    private Membership stop() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
        Membership gone = membership;
        membership = null;
        return gone;
    }

    private static void close(Membership gone) {
        if (gone != null) {
            gone.close(); // leaves the group: outside the lock
        }
    }

    private void send(Membership m) {
        try {
            m.send(codec.encode(new Envelope(Envelope.Type.BEACON, "", handle.get(), "", 0, 0, "")));
        } catch (IOException | RuntimeException e) {
            warnings.accept("beacon not sent", e); // the next tick tries again
        }
    }
}
