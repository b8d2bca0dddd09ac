package org.huddle.transport.multicast.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The addresses of this host, kept between refreshes: asking the system at every datagram would cost a
 * walk over all interfaces, and addresses change rarely (the transport refreshes them when it rescans).
 */
final class HostAddresses {

    /** How often an unknown address may make {@link #contains} list the addresses again. */
    private static final long MISS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private volatile Set<InetAddress> addresses = Set.of();
    private volatile long refreshed = System.nanoTime() - MISS_REFRESH_NANOS;

    /** Lists the addresses again; keeps the last list when the system cannot tell. */
    void refresh() {
        Set<InetAddress> found = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(ni.getInetAddresses())) {
                    found.add(withoutScope(address));
                }
            }
        } catch (SocketException e) {
            return;
        }
        addresses = Set.copyOf(found);
        refreshed = System.nanoTime();
    }

    /**
     * @return whether the address is one of this host's, whatever its IPv6 scope. An address not known yet
     *         makes it look again, at most once a second, for when rescanning is off and an address came.
     */
    boolean contains(InetAddress address) {
        InetAddress plain = withoutScope(address);
        if (addresses.contains(plain)) {
            return true;
        }
        if (System.nanoTime() - refreshed < MISS_REFRESH_NANOS) {
            return false;
        }
        refresh();
        return addresses.contains(plain);
    }

    /**
     * The source of a datagram from a link-local address carries the interface it came in on as its scope
     * (fe80::1%lan0), the listed address may carry another form of it: compare the bytes only.
     */
    private static InetAddress withoutScope(InetAddress address) {
        if (!(address instanceof Inet6Address v6) || (v6.getScopeId() == 0 && v6.getScopedInterface() == null)) {
            return address; // nothing to take off: no copy for every datagram a node hears of its own
        }
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("4 or 16 bytes are always an address", impossible);
        }
    }
}
