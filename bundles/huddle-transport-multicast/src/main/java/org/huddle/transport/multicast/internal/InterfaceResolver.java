package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses the network interfaces a transport joins and sends on.
 */
final class InterfaceResolver {

    /** The interfaces chosen, and whether loopback was taken because nothing else qualified. */
    record Choice(List<NetworkInterface> interfaces, boolean fallback) {

        String describe() {
            StringBuilder sb = new StringBuilder();
            for (NetworkInterface ni : interfaces) {
                sb.append(sb.length() == 0 ? "" : ", ").append(ni.getName());
            }
            return sb + (fallback ? " (loopback fallback: no other multicast interface is up)" : "");
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
