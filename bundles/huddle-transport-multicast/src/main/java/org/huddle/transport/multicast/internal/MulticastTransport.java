package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
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
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A transport over IP multicast: one instance per factory configuration. Changing the configuration
 * replaces the instance, and the engine rebinds to the new one.
 */
@Component(configurationPid = MulticastTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Transport.KIND + "=multicast")
@Designate(ocd = MulticastTransportConfig.class, factory = true)
public final class MulticastTransport implements Transport {

    private final String name;
    private final Channel defaultChannel;
    private final InterfaceResolver.Choice interfaces;
    private final SocketSettings settings;
    private final Warnings warnings;
    private final TransportCounters counters = new TransportCounters();
    private final Set<MulticastMembership> memberships = ConcurrentHashMap.newKeySet();

    @Activate
    public MulticastTransport(MulticastTransportConfig config,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this(config, log::warn);
        log.info("transport {} on {} for {}", name, interfaces.describe(), defaultChannel);
    }

    MulticastTransport(MulticastTransportConfig config, Warnings warnings) throws IOException {
        this.name = config.huddle_transport_name();
        this.warnings = warnings;
        this.settings = SocketSettings.of(config);
        this.defaultChannel = new Channel(groups(config.groups()), config.port());
        this.interfaces = InterfaceResolver.resolve(config.interfaces(), config.loopback_fallback());
    }

    private static List<InetAddress> groups(String[] names) throws UnknownHostException {
        List<InetAddress> groups = new ArrayList<>();
        for (String name : items(names)) {
            // Literal addresses only: a host name here would mean a DNS lookup at every start.
            if (!name.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(name + " is not an IP address literal");
            }
            groups.add(InetAddress.getByName(name));
        }
        return groups;
    }

    /**
     * The items of a multi-valued setting. Configuration files often give a list as one string
     * ({@code interfaces = eth0, wlan0} in a FileInstall .cfg), so commas and blanks separate items too.
     */
    static List<String> items(String[] values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                for (String item : value.split("[,\\s]+")) {
                    if (!item.isEmpty()) {
                        items.add(item);
                    }
                }
            }
        }
        return items;
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
        return defaultChannel;
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) throws IOException {
        MulticastMembership m = MulticastMembership.open(channel, interfaces.interfaces(), settings, listener,
                counters, warnings, "huddle-" + name, memberships::remove);
        memberships.add(m);
        return m;
    }

    @Override
    public TransportStats stats() {
        return counters.snapshot(name, "multicast " + defaultChannel + " on " + interfaces.describe());
    }

    @Override
    public String toString() {
        return "multicast transport " + name + " (" + defaultChannel + " on " + interfaces.describe() + ")";
    }
}
