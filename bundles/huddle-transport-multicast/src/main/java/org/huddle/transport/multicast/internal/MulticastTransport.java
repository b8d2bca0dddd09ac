package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A transport over IP multicast: one instance per factory configuration.
 *
 * <p>A changed configuration is applied in place: the open memberships on the default channel move to
 * the new channel and interfaces without being closed, so the engine keeps its binding and nothing is
 * re-joined. A configuration that cannot be used (an unknown interface, a group that is not multicast, a
 * port out of range) is refused: the transport keeps running on its last good settings and says why in
 * the log and in its statistics, never going silently deaf.
 */
@Component(configurationPid = MulticastTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Transport.KIND + "=multicast")
@Designate(ocd = MulticastTransportConfig.class, factory = true)
public final class MulticastTransport implements Transport {

    private final Warnings warnings;
    private final TransportCounters counters = new TransportCounters();
    private final Set<MulticastMembership> memberships = ConcurrentHashMap.newKeySet();
    private volatile String name;
    private volatile TransportSetup setup;
    private volatile String rejected;

    @Activate
    public MulticastTransport(MulticastTransportConfig config,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this(config, log::warn);
        log.info("transport {}: {}", name, setup.describe());
    }

    MulticastTransport(MulticastTransportConfig config, Warnings warnings) throws IOException {
        this.warnings = warnings;
        this.name = config.huddle_transport_name();
        // With no good settings yet there is nothing to fall back on: fail, and SCR logs why.
        this.setup = TransportSetup.of(config);
    }

    @Modified
    void modified(MulticastTransportConfig config) {
        TransportSetup next;
        try {
            next = TransportSetup.of(config);
        } catch (IOException e) {
            reject(e.getMessage());
            return;
        }
        for (MulticastMembership m : memberships) {
            if (m.followsDefault()) {
                try {
                    m.reopen(next.defaultChannel(), next.interfaces().interfaces(), next.settings());
                } catch (IOException e) {
                    reject("cannot open " + next.defaultChannel() + ": " + e.getMessage());
                    return;
                }
            }
        }
        name = config.huddle_transport_name();
        setup = next;
        rejected = null;
    }

    private void reject(String why) {
        if (!why.equals(rejected)) {
            warnings.warn("transport " + name + ": configuration refused, still running on " + setup.describe()
                    + ": " + why, null);
        }
        rejected = why;
    }

    @Deactivate
    void deactivate() {
        for (MulticastMembership m : memberships) {
            m.close();
        }
        memberships.clear();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel defaultChannel() {
        return setup.defaultChannel();
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) throws IOException {
        TransportSetup current = setup;
        MulticastMembership m = MulticastMembership.open(channel, current.interfaces().interfaces(),
                current.settings(), listener, counters, warnings, "huddle-" + name,
                channel.equals(current.defaultChannel()), memberships::remove);
        memberships.add(m);
        return m;
    }

    @Override
    public TransportStats stats() {
        String why = rejected;
        return counters.snapshot(name, "multicast " + setup.describe()
                + (why == null ? "" : " (configuration refused: " + why + "; running on these settings)"));
    }

    @Override
    public String toString() {
        return "multicast transport " + name + " (" + setup.describe() + ")";
    }
}
