package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.transport.Channel;

/**
 * What one configuration of a transport amounts to, checked: the default channel, the interfaces and the
 * socket options. Building it is where a bad configuration is refused, before anything is changed.
 */
record TransportSetup(Channel defaultChannel, InterfaceResolver.Choice interfaces, SocketSettings settings) {

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
        InterfaceResolver.Choice interfaces = InterfaceResolver.resolve(items(config.interfaces()),
                items(config.interfaces_exclude()), config.loopback_fallback());
        return new TransportSetup(channel, interfaces, settings);
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

    String describe() {
        return defaultChannel + " on " + interfaces.describe();
    }
}
