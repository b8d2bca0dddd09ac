package org.huddle.transport.jgroups.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.huddle.api.TerminalText;
import org.jgroups.Address;

import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
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
 * class name and resource path is fragile across OSGi class loaders): TCP (sealed with the cluster's secret,
 * {@link SealedTcp}), discovery by initial hosts (TCPPING) or GossipRouter (TCPGOSSIP), then JGroups' usual
 * reliability, failure detection, membership and flow control, as in its own {@code tcp.xml} but without
 * fragmentation: no message of Huddle's needs it, and without it nothing larger than a frame is ever reassembled.
 *
 * <p>Every socket listens on one address, the configured one: without a secret, loopback only.
 */
final class ClusterStack {

    /** Names JGroups puts on the wire and in its logs: nothing a terminal could take for a command. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ClusterStack() {
    }

    /**
     * @param seal    the cluster's secret, or {@code null} for none (loopback only)
     * @param refused told the claimed address of each frame that was not sealed with the secret
     * @throws IllegalArgumentException with what is wrong and what to do, for a bad address, host, port or name, or
     *                                  an address beyond this machine without a secret
     */
    static List<Protocol> of(JGroupsTransportConfig config, FrameSeal seal, Consumer<Address> refused)
            throws Exception {
        InetAddress bind = bindAddress(config, seal != null);
        TCP tcp = seal == null ? (TCP) new TCP().setMaxLength(SealedTcp.MAX_FRAME) : new SealedTcp(seal, refused);
        tcp.setBindAddress(bind);
        tcp.setBindPort(config.bind_port());
        tcp.setPortRange(config.port_range());
        // failure detection listens where the transport does, not on every address
        FD_SOCK2 failureDetection = new BoundedFailureDetection().setBindAddress(bind);

        List<Protocol> stack = new ArrayList<>();
        stack.add(tcp);
        if (config.gossip_router().length > 0) {
            stack.add(new TCPGOSSIP().setInitialHosts(
                    onThisMachineWithoutSecret(addresses(config.gossip_router(), 12001, "gossip.router"), seal, "gossip.router")));
        } else {
            stack.add(new TCPPING().setInitialHosts(
                    onThisMachineWithoutSecret(addresses(config.hosts(), config.bind_port(), "hosts"), seal, "hosts"))
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
        return stack;
    }

    /** @throws IllegalArgumentException for a name JGroups should not carry or log */
    static String clusterName(String configured) {
        if (!CLUSTER_NAME.matcher(configured).matches()) {
            throw new IllegalArgumentException("cluster '" + TerminalText.escape(configured) + "' is not a cluster "
                    + "name: use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return configured;
    }

    /**
     * Empty: loopback without a secret, else the first site-local or global address, as JGroups would pick.
     *
     * @throws IllegalArgumentException for an address that names nothing here, or one beyond loopback without a
     *                                  secret
     */
    static InetAddress bindAddress(JGroupsTransportConfig config, boolean secret) throws Exception {
        String value = config.bind_address().strip();
        if (value.isEmpty() && !secret) {
            return InetAddress.getLoopbackAddress();
        }
        InetAddress bind = null;
        for (String candidate : value.isEmpty() ? List.of("site_local", "global") : List.of(value)) {
            if (bind == null) {
                bind = Util.getAddress(candidate, Util.getIpStackType());
            }
        }
        if (bind == null) {
            throw new IllegalArgumentException(value.isEmpty() ? "no site-local or global address is up here: set "
                    + "bind.address" : "bind.address '" + TerminalText.escape(value) + "' names no address here");
        }
        if (!secret && !bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("bind.address " + TerminalText.escape(value) + " is beyond this "
                    + "machine and no secret is set: anyone who reaches the port could join the cluster, read it and "
                    + "write to it. " + SECRET_HINT);
        }
        return bind;
    }

    static final String SECRET_HINT = "Set secret.file (or secret), the same on every member, in the transport's "
            + "load/org.huddle.transport.jgroups-<name>.cfg, or bind.address = 127.0.0.1 for a cluster on this "
            + "machine alone";

    private static List<InetSocketAddress> onThisMachineWithoutSecret(List<InetSocketAddress> peers, FrameSeal seal,
            String setting) {
        for (InetSocketAddress peer : peers) {
            if (seal == null && !peer.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException(setting + " names " + peer.getAddress().getHostAddress()
                        + ", beyond this machine, and no secret is set. " + SECRET_HINT);
            }
        }
        return peers;
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
