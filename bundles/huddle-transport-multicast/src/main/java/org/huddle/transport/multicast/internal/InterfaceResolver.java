package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses the network interfaces a transport joins and sends on.
 */
final class InterfaceResolver {

    /**
     * What the configuration asks for.
     *
     * @param wanted   interface names or indexes; empty for automatic choice
     * @param excluded interface names or indexes never to use
     * @param fallback whether to take loopback when the automatic choice finds nothing
     */
    record Request(List<String> wanted, List<String> excluded, boolean fallback) {

        Request {
            wanted = List.copyOf(wanted);
            excluded = List.copyOf(excluded);
        }

        /** @throws IOException when a named interface does not exist or is down, or nothing qualifies */
        Choice resolve() throws IOException {
            return InterfaceResolver.resolve(wanted, excluded, fallback);
        }

        boolean excludes(NetworkInterface ni) {
            return isExcluded(ni, excluded);
        }

        boolean names(NetworkInterface ni) {
            return wanted.contains(ni.getName()) || wanted.contains(Integer.toString(ni.getIndex()));
        }
    }

    /** The interfaces chosen, and whether loopback was taken because nothing else qualified. */
    record Choice(List<NetworkInterface> interfaces, boolean fallback) {

        String describe() {
            return String.join(", ", names(interfaces))
                    + (fallback ? " (loopback fallback: no other multicast interface is up)" : "");
        }

        /**
         * Whether this choice would open the same sockets as another: the same interfaces (by name and index,
         * since an interface deleted and created again gets a new index) with the same addresses (an
         * interface that got its first IPv4 or IPv6 address can now carry that family).
         */
        boolean sameAs(Choice other) {
            return fingerprint(interfaces).equals(fingerprint(other.interfaces));
        }

        boolean uses(NetworkInterface ni) {
            for (NetworkInterface chosen : interfaces) {
                if (chosen.getIndex() == ni.getIndex() && chosen.getName().equals(ni.getName())) {
                    return true;
                }
            }
            return false;
        }
    }

    private InterfaceResolver() {
    }

    /**
     * @param wanted   interface names or indexes; empty for automatic choice
     * @param excluded interface names or indexes never to use
     * @param fallback whether to take loopback when the automatic choice finds nothing
     * @throws IOException when a named interface does not exist or is down, or nothing qualifies
     */
    static Choice resolve(List<String> wanted, List<String> excluded, boolean fallback) throws IOException {
        if (!wanted.isEmpty()) {
            List<NetworkInterface> chosen = new ArrayList<>();
            for (String name : wanted) {
                NetworkInterface ni = byNameOrIndex(name);
                if (ni == null) {
                    throw new IOException("no network interface named " + name + " (see `ip link`)");
                }
                if (!ni.isUp()) {
                    throw new IOException("network interface " + name + " is down");
                }
                if (isExcluded(ni, excluded)) {
                    throw new IOException("network interface " + name + " is both wanted and excluded");
                }
                if (!chosen.contains(ni)) {
                    chosen.add(ni);
                }
            }
            return new Choice(List.copyOf(chosen), false);
        }
        List<NetworkInterface> automatic = new ArrayList<>();
        List<NetworkInterface> loopback = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isVirtual() || isExcluded(ni, excluded)) {
                continue;
            }
            if (ni.isLoopback()) {
                loopback.add(ni);
            } else if (ni.supportsMulticast()) {
                automatic.add(ni);
            }
        }
        if (!automatic.isEmpty()) {
            return new Choice(List.copyOf(automatic), false);
        }
        // Linux does not flag lo as multicast-capable, yet delivers multicast on it when both the
        // membership and the sending socket name it: enough for instances on one offline host.
        if (fallback && !loopback.isEmpty()) {
            return new Choice(List.copyOf(loopback), true);
        }
        throw new IOException("no network interface is up, multicast-capable and not excluded"
                + (fallback ? ", and no loopback interface is up" : " (loopback fallback is off)"));
    }

    /** @return the interfaces' names, in order */
    static List<String> names(List<NetworkInterface> interfaces) {
        List<String> names = new ArrayList<>();
        for (NetworkInterface ni : interfaces) {
            names.add(ni.getName());
        }
        return names;
    }

    /**
     * @return per interface its name, index and addresses with their prefix lengths (which say what is on-link,
     *         see {@link LinkScope}), as the {@link NetworkInterface} objects saw them when they were listed; sorted
     */
    static List<String> fingerprint(List<NetworkInterface> interfaces) {
        List<String> prints = new ArrayList<>();
        for (NetworkInterface ni : interfaces) {
            List<String> addresses = new ArrayList<>();
            for (InterfaceAddress address : ni.getInterfaceAddresses()) {
                addresses.add(address.getAddress().getHostAddress() + "/" + address.getNetworkPrefixLength());
            }
            Collections.sort(addresses);
            prints.add(ni.getName() + "#" + ni.getIndex() + addresses);
        }
        // The listing order of the system is no change.
        Collections.sort(prints);
        return prints;
    }

    private static boolean isExcluded(NetworkInterface ni, List<String> excluded) {
        return excluded.contains(ni.getName()) || excluded.contains(Integer.toString(ni.getIndex()));
    }

    private static NetworkInterface byNameOrIndex(String name) throws SocketException {
        NetworkInterface ni = NetworkInterface.getByName(name);
        if (ni == null && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
            ni = NetworkInterface.getByIndex(Integer.parseInt(name));
        }
        return ni;
    }
}
