package org.huddle.engine.internal.probes;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.transport.TransportDiagnosis.InterfaceReport;

/** Reads the {@code address/prefix} strings of an interface report and tells which addresses they cover. */
public final class InterfaceAddresses {

    public record Prefix(InetAddress address, int length) {
    }

    private InterfaceAddresses() {
    }

    /** @return the interface's addresses of one family; unreadable entries are skipped */
    public static List<Prefix> of(InterfaceReport nif, boolean v6) {
        List<Prefix> prefixes = new ArrayList<>();
        for (String entry : nif.addresses()) {
            int slash = entry.lastIndexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            int scope = host.indexOf('%');
            if (scope >= 0) {
                host = host.substring(0, scope);
            }
            try {
                InetAddress a = InetAddress.getByName(host);
                int length = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(entry.substring(slash + 1));
                if ((a instanceof Inet6Address) == v6) {
                    prefixes.add(new Prefix(a, length));
                }
            } catch (UnknownHostException | NumberFormatException e) {
                // not an address literal: nothing to match against
            }
        }
        return prefixes;
    }

    public static boolean isOwnAddress(List<Prefix> prefixes, InetAddress a) {
        return prefixes.stream().anyMatch(p -> sameHost(p.address(), a));
    }

    public static boolean inSubnet(List<Prefix> prefixes, InetAddress a) {
        for (Prefix p : prefixes) {
            byte[] mine = p.address().getAddress();
            byte[] theirs = a.getAddress();
            if (mine.length == theirs.length && samePrefix(mine, theirs, p.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(InetAddress a, InetAddress b) {
        return java.util.Arrays.equals(a.getAddress(), b.getAddress());
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        int full = Math.min(bits, a.length * 8) / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = Math.min(bits, a.length * 8) % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }
}
