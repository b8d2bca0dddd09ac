package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells what kind of link a network interface is, for people diagnosing why peers are not heard: a VPN or
 * a container bridge taken by the automatic choice is a common reason. Java does not say; Linux does, in
 * sysfs ({@code /sys/class/net/<name>/}), and names fill the gaps where it does not.
 */
final class InterfaceKinds {

    /** ARPHRD_LOOPBACK, the link type of a loopback interface in {@code /sys/class/net/<name>/type}. */
    private static final String LOOPBACK_TYPE = "772";

    private static final List<String> VIRTUAL_LINKS = List.of("veth", "flannel", "vxlan");
    private static final List<String> BRIDGES = List.of("docker", "br-", "virbr", "cni");
    private static final List<String> VPNS = List.of("wg", "tun", "tap", "ppp", "tailscale", "zt");

    private final Path sysClassNet;

    /** @param sysClassNet where Linux lists its interfaces, normally {@code /sys/class/net} */
    InterfaceKinds(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    static InterfaceKinds system() {
        return new InterfaceKinds(Path.of("/sys/class/net"));
    }

    /**
     * @return {@code ethernet}, {@code wireless}, {@code loopback}, {@code bridge}, {@code veth},
     *         {@code tunnel}, {@code vpn}, or {@code other} where the system does not tell
     */
    String kind(String name, boolean loopback, boolean pointToPoint) {
        Path dir = sysClassNet.resolve(name);
        if (!Files.isDirectory(sysClassNet)) {
            return loopback ? "loopback" : "other";
        }
        if (loopback || LOOPBACK_TYPE.equals(read(dir.resolve("type")))) {
            return "loopback";
        }
        if (Files.exists(dir.resolve("wireless")) || Files.exists(dir.resolve("phy80211"))) {
            return "wireless";
        }
        if (Files.isDirectory(dir.resolve("bridge"))) {
            return "bridge";
        }
        if (Files.exists(dir.resolve("tun_flags"))) {
            return "tunnel";
        }
        if (startsWithAny(name, VIRTUAL_LINKS)) {
            return "veth";
        }
        if (startsWithAny(name, BRIDGES)) {
            return "bridge";
        }
        if (startsWithAny(name, VPNS) || pointToPoint) {
            return "vpn";
        }
        return "ethernet";
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
