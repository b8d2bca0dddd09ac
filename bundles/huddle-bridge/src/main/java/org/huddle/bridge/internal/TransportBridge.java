package org.huddle.bridge.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 * <p>The bridge opens memberships of its own on both transports, as a second listener beside the engine's: the
 * node's own messages reach it like anyone's, so the node chats on its own side and is relayed to the other.
 */
@Component(configurationPid = BridgeConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BridgeConfig.class, factory = true)
public final class TransportBridge {

    private final Logger log;
    private final RecentDatagrams recent = new RecentDatagrams();
    private final LongAdder relayed = new LongAdder();
    private final LongAdder notAgain = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Membership onA;
    private final Membership onB;
    private final String description;

    @Activate
    public TransportBridge(@Reference(name = "a", target = "(" + Transport.KIND + "=multicast)") Transport a,
            @Reference(name = "b", target = "(" + Transport.KIND + "=jgroups)") Transport b,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.log = log;
        if (a == b) {
            throw new IllegalArgumentException("a bridge needs two transports; both filters select " + a.name());
        }
        Channel channel = a.defaultChannel();
        Membership[] sides = new Membership[2];
        sides[0] = a.open(channel, (datagram, source) -> relay(sides[0], source, datagram, sides[1]));
        try {
            sides[1] = b.open(channel, (datagram, source) -> relay(sides[1], source, datagram, sides[0]));
        } catch (IOException | RuntimeException e) {
            sides[0].close();
            throw e;
        }
        this.onA = sides[0];
        this.onB = sides[1];
        this.description = "bridge " + channel + " between " + a.name() + " and " + b.name();
        log.info("{}: relaying", description);
    }

    private void relay(Membership from, InetSocketAddress source, ByteBuffer datagram, Membership to) {
        if (to == null || from.isOwn(source) || !recent.shouldRelay(datagram, source, System.nanoTime())) {
            notAgain.increment();
            return;
        }
        try {
            to.send(datagram.duplicate());
            relayed.increment();
        } catch (IOException | RuntimeException e) {
            failed.increment();
            log.debug("{}: could not relay a datagram from {}: {}", description, source, e.getMessage());
        }
    }

    /** @return datagrams relayed, not relayed again (own or recent), failed */
    long[] counts() {
        return new long[] { relayed.sum(), notAgain.sum(), failed.sum() };
    }

    @Deactivate
    void deactivate() {
        onA.close();
        onB.close();
        log.info("{}: stopped after relaying {} datagrams ({} not again, {} failed)", description, relayed.sum(),
                notAgain.sum(), failed.sum());
    }
}
