package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.transport.Channel;

/**
 * What one configuration of a transport amounts to, checked: the default channel, the interfaces (as asked
 * for, and as chosen now) and the socket options. Building it is where a bad configuration is refused,
 * before anything is changed.
 *
 * @param rescanSeconds how often the interfaces are chosen again; 0 for never
 */
record TransportSetup(Channel defaultChannel, InterfaceResolver.Request request, InterfaceResolver.Choice interfaces,
        SocketSettings settings, int rescanSeconds) {

    /** @throws IOException with a message for the operator when the configuration cannot be used */
    static TransportSetup of(MulticastTransportConfig config) throws IOException {
        SocketSettings settings;
        Channel channel;
        try {
            settings = SocketSettings.of(config);
            channel = new Channel(groups(config.groups()), config.port());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (config.interfaces_rescan() < 0) {
            throw new IOException("interfaces.rescan " + config.interfaces_rescan() + " is negative (0 turns it off)");
        }
        InterfaceResolver.Request request = new InterfaceResolver.Request(items(config.interfaces()),
                items(config.interfaces_exclude()), config.loopback_fallback());
        return new TransportSetup(channel, request, request.resolve(), settings, config.interfaces_rescan());
    }

    /** @return this setup on other interfaces, as a rescan found them */
    TransportSetup with(InterfaceResolver.Choice chosen) {
        return new TransportSetup(defaultChannel, request, chosen, settings, rescanSeconds);
    }

    private static List<InetAddress> groups(String[] names) throws UnknownHostException {
        List<InetAddress> groups = new ArrayList<>();
        for (String name : items(names)) {
            // Literal addresses only: a host name here would mean a DNS lookup at every start.
            if (!name.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException("group " + name + " is not an IP address literal");
            }
            groups.add(InetAddress.getByName(name));
        }
        return groups;
    }

    /**
     * The items of a multi-valued setting. Configuration files often give a list as one string
     * ({@code interfaces = enp3s0, wlp2s0} in a FileInstall .cfg), so commas and blanks separate items too.
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

    /**
     * @return for example {@code [239.255.72.68, ff02::4844]:7446 on lan0}; with a hop limit above
     *         1, {@code ... (also ff05::4844: hop limit 2) on lan0}. The interfaces always come last.
     */
    String describe() {
        List<InetAddress> scoped = settings.scopedGroups(defaultChannel.groups());
        List<String> twins = new ArrayList<>();
        for (InetAddress group : scoped.subList(defaultChannel.groups().size(), scoped.size())) {
            twins.add(Channel.literal(group));
        }
        String also = twins.isEmpty() ? ""
                : " (also " + String.join(", ", twins) + ": hop limit " + settings.ttl() + " reaches beyond the link)";
        return defaultChannel + also + " on " + interfaces.describe();
    }
}
