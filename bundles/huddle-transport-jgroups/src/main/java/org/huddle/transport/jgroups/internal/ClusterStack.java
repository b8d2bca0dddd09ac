package org.huddle.transport.jgroups.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPGOSSIP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.Util;

/**
 * The protocol stack a configuration asks for, built in code rather than read from JGroups' XML (whose lookup by
 * class name and resource path is fragile across OSGi class loaders): TCP, discovery by initial hosts (TCPPING)
 * or GossipRouter (TCPGOSSIP), then JGroups' usual reliability, failure detection, membership, flow control and
 * fragmentation, as in its own {@code tcp.xml}.
 */
final class ClusterStack {

    private ClusterStack() {
    }

    /**
     * @throws IllegalArgumentException with what is wrong, for a bad address, host or port
     */
    static List<Protocol> of(JGroupsTransportConfig config) throws Exception {
        TCP tcp = new TCP();
        // failure detection listens where the transport does, not on every address
        FD_SOCK2 failureDetection = new FD_SOCK2();
        if (!config.bind_address().isBlank()) {
            InetAddress bind = Util.getAddress(config.bind_address().strip(), Util.getIpStackType());
            if (bind == null) {
                throw new IllegalArgumentException("bind.address '" + config.bind_address() + "' names no address here");
            }
            tcp.setBindAddress(bind);
            failureDetection.setBindAddress(bind);
        }
        tcp.setBindPort(config.bind_port());
        tcp.setPortRange(config.port_range());

        List<Protocol> stack = new ArrayList<>();
        stack.add(tcp);
        if (config.gossip_router().length > 0) {
            stack.add(new TCPGOSSIP().setInitialHosts(addresses(config.gossip_router(), 12001, "gossip.router")));
        } else {
            stack.add(new TCPPING().setInitialHosts(addresses(config.hosts(), config.bind_port(), "hosts"))
                    .setPortRange(config.port_range()));
        }
        stack.add(new MERGE3());
        stack.add(failureDetection);
        stack.add(new FD_ALL3());
        stack.add(new VERIFY_SUSPECT2());
        stack.add(new BARRIER());
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        // no banner on stdout: that is the console's
        stack.add(new GMS().setJoinTimeout(config.join_timeout()).printLocalAddress(false));
        stack.add(new MFC());
        stack.add(new FRAG4());
        return stack;
    }

    /**
     * A configuration file gives a list as one string ({@code hosts = 10.1.0.5, 10.2.0.7} in a FileInstall .cfg),
     * so commas and blanks separate items too.
     *
     * @param values multi-valued setting as DS gives it
     * @return its items
     */
    static List<String> items(String[] values) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            for (String item : value == null ? new String[0] : value.split("[,\\s]+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    /**
     * @param entries host, host:port, or [IPv6]:port
     * @return the addresses, resolved now
     */
    static List<InetSocketAddress> addresses(String[] entries, int defaultPort, String setting) {
        List<InetSocketAddress> result = new ArrayList<>();
        for (String entry : items(entries)) {
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry;
            int port = defaultPort;
            int colon = entry.lastIndexOf(':');
            boolean bracketed = entry.startsWith("[");
            if (bracketed) {
                int end = entry.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException(setting + ": '" + entry + "' lacks its closing ]");
                }
                host = entry.substring(1, end);
                if (end + 1 < entry.length()) {
                    port = port(entry.substring(end + 1), entry, setting);
                }
            } else if (colon > 0 && entry.indexOf(':') == colon) {
                host = entry.substring(0, colon);
                port = port(entry.substring(colon), entry, setting);
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new IllegalArgumentException(setting + ": cannot resolve '" + host + "'");
            }
            result.add(address);
        }
        return result;
    }

    private static int port(String colonPort, String entry, String setting) {
        try {
            if (!colonPort.startsWith(":")) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(colonPort.substring(1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + ": '" + entry + "' has no port between 1 and 65535 after its ':'");
        }
    }
}
