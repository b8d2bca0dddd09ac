package org.huddle.transport.multicast.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.huddle.api.transport.TransportDiagnosis.InterfaceReport;

/**
 * Every interface of the host as the transport sees it: what it is, its flags and addresses, and why the
 * transport uses it or not.
 */
final class HostInterfaces {

    private HostInterfaces() {
    }

    /**
     * @param request       what the configuration asks for
     * @param chosen        what the transport uses now
     * @param rescanSeconds how often the choice is made again (0: never), for the note of an interface that
     *                      qualifies but is not used yet
     * @return one report per interface, including those that are down, in index order
     * @throws SocketException when the system does not list its interfaces
     */
    static List<InterfaceReport> report(InterfaceResolver.Request request, InterfaceResolver.Choice chosen,
            int rescanSeconds, InterfaceKinds kinds) throws SocketException {
        List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
        all.sort(Comparator.comparingInt(NetworkInterface::getIndex));
        List<InterfaceReport> reports = new ArrayList<>();
        for (NetworkInterface ni : all) {
            boolean up = ni.isUp();
            boolean multicast = ni.supportsMulticast();
            boolean pointToPoint = ni.isPointToPoint();
            boolean used = chosen.uses(ni);
            reports.add(new InterfaceReport(ni.getName(), ni.getIndex(),
                    kinds.kind(ni.getName(), ni.isLoopback(), pointToPoint), up, multicast, pointToPoint,
                    addresses(ni), used, note(ni, up, multicast, used, request, chosen, rescanSeconds)));
        }
        return reports;
    }

    private static String note(NetworkInterface ni, boolean up, boolean multicast, boolean used,
            InterfaceResolver.Request request, InterfaceResolver.Choice chosen, int rescanSeconds)
            throws SocketException {
        if (used) {
            String why = chosen.fallback() ? "loopback fallback: no other interface qualifies"
                    : request.wanted().isEmpty() ? "chosen automatically" : "named in interfaces";
            // A named interface that went down keeps its sockets until it is back (the rescan keeps a choice
            // it cannot make again); an automatic one would have been dropped.
            return up ? why : why + "; down now";
        }
        if (request.excludes(ni)) {
            return "excluded by interfaces.exclude";
        }
        if (!request.wanted().isEmpty()) {
            return request.names(ni) ? "named in interfaces, but not in use: see the log" : "not in interfaces";
        }
        if (!up) {
            return "down";
        }
        if (ni.isLoopback()) {
            return "loopback (used only as fallback)";
        }
        if (!multicast) {
            return "not multicast-capable";
        }
        if (ni.isVirtual()) {
            return "a sub-interface: its parent is used instead";
        }
        return rescanSeconds > 0 ? "qualifies; taken at the next rescan (every " + rescanSeconds + " s)"
                : "qualifies, but came up after the choice and interfaces.rescan is 0";
    }

    /** @return for example {@code 10.0.0.5/24} and {@code fe80::1%lan0/64} */
    static List<String> addresses(NetworkInterface ni) {
        List<String> addresses = new ArrayList<>();
        for (InterfaceAddress a : ni.getInterfaceAddresses()) {
            addresses.add(text(a.getAddress()) + "/" + a.getNetworkPrefixLength());
        }
        return addresses;
    }

    /**
     * @return the address as people write it: IPv6 in its shortest form (RFC 5952: the longest run of two or
     *         more zero groups as {@code ::}), with its scope
     */
    static String text(InetAddress address) {
        String full = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return full;
        }
        int percent = full.indexOf('%');
        String scope = percent < 0 ? "" : full.substring(percent);
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        if (bestStart < 0) {
            return String.join(":", groups) + scope;
        }
        String head = String.join(":", List.of(groups).subList(0, bestStart));
        String tail = String.join(":", List.of(groups).subList(bestStart + bestLength, groups.length));
        return head + "::" + tail + scope;
    }
}
