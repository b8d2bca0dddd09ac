package org.huddle.bridge.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Relays one channel between two transports: every datagram heard on one side is sent, unchanged, on the other.
 * It never decodes (so encrypted rooms stay sealed end to end, and Huddle's own numbering and repair work across:
 * a NACK or a resend is a datagram like any other). Its own copies coming back, and datagrams already relayed
 * lately ({@link RecentDatagrams}), are not relayed again: no loops, no duplicates, with one bridge or several.
 *
 * <p>Before anything else, each sender host is held to a rate ({@link SourceLimits}), so one host flooding its
 * side cannot crowd out everyone else's messages on the other side; and a datagram is relayed with its origin
 * ({@link Membership#relay}), so that receivers on a JGroups cluster keep their own limits per origin too.
 *
 * <p>The bridge opens memberships of its own on both transports, as a second listener beside the engine's: the
 * node's own messages reach it like anyone's, so the node chats on its own side and is relayed to the other.
 */
@Component(configurationPid = BridgeConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BridgeConfig.class, factory = true)
public final class TransportBridge {

    private static final long LIMIT_NOTICE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final RecentDatagrams recent = new RecentDatagrams();
    private final LongAdder relayed = new LongAdder();
    private final LongAdder notAgain = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder limited = new LongAdder();
    private final AtomicLong limitTold = new AtomicLong(System.nanoTime() - LIMIT_NOTICE_NANOS);
    private final SourceLimits limits;
    private final Membership onA;
    private final Membership onB;
    private final String description;

    @Activate
    public TransportBridge(@Reference(name = "a", target = "(" + Transport.KIND + "=multicast)") Transport a,
            @Reference(name = "b", target = "(" + Transport.KIND + "=jgroups)") Transport b,
            @Reference(service = LoggerFactory.class) Logger log, BridgeConfig config) throws IOException {
        this.log = log;
        this.limits = new SourceLimits(config.flood_rate(), config.flood_burst(), SourceLimits.MAX_HOSTS,
                System.nanoTime());
        if (a == b) {
            throw new IllegalArgumentException("a bridge needs two transports; both filters select " + a.name());
        }
        Channel channel = a.defaultChannel();
        Membership[] sides = new Membership[2];
        sides[0] = a.open(channel, (datagram, source) -> relay(0, sides[0], source, datagram, sides[1]));
        try {
            sides[1] = b.open(channel, (datagram, source) -> relay(1, sides[1], source, datagram, sides[0]));
        } catch (IOException | RuntimeException e) {
            sides[0].close();
            throw e;
        }
        this.onA = sides[0];
        this.onB = sides[1];
        this.description = "bridge " + channel + " between " + a.name() + " and " + b.name();
        log.info("{}: relaying", description);
    }

    private void relay(int side, Membership from, InetSocketAddress source, ByteBuffer datagram, Membership to) {
        if (to == null || from.isOwn(source)) {
            notAgain.increment();
            return;
        }
        long now = System.nanoTime();
        if (!limits.admit(source, now)) {
            limited(source, now);
            return;
        }
        if (!recent.shouldRelay(datagram, source, side, now)) {
            notAgain.increment();
            return;
        }
        try {
            to.relay(datagram.duplicate(), source);
            relayed.increment();
        } catch (IOException | RuntimeException e) {
            failed.increment();
            log.debug("{}: could not relay a datagram from {}: {}", description, source, e.getMessage());
        }
    }

    /** Counted, and told at most once a minute: a flood is many datagrams. */
    private void limited(InetSocketAddress source, long now) {
        limited.increment();
        long last = limitTold.get();
        if (now - last >= LIMIT_NOTICE_NANOS && limitTold.compareAndSet(last, now)) {
            log.warn("{}: {} sends more than flood.rate allows: its datagrams beyond it are not relayed ({} so far)",
                    description, source.getAddress() == null ? source : source.getAddress().getHostAddress(),
                    limited.sum());
        }
    }

    /** @return datagrams relayed, not relayed again (own or recent), failed, over a host's rate */
    long[] counts() {
        return new long[] { relayed.sum(), notAgain.sum(), failed.sum(), limited.sum() };
    }

    @Deactivate
    void deactivate() {
        onA.close();
        onB.close();
        log.info("{}: stopped after relaying {} datagrams ({} not again, {} failed, {} over a host's rate)",
                description, relayed.sum(), notAgain.sum(), failed.sum(), limited.sum());
    }
}
