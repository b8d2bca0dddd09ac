package org.huddle.bench;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;

/**
 * One member's place on its network, handed from the harness to the member's JVM as system properties: the
 * interface every system is pinned to, the member's own address on it, and every member's address (the
 * initial hosts of a TCP-based system). Plus the cluster secret file, which Huddle's JGroups transport needs
 * to bind beyond loopback.
 */
record MemberNet(String interfaceName, String address, List<String> all) {

    private static final String INTERFACE = "bench.net.interface";
    private static final String ADDRESS = "bench.net.address";
    private static final String ALL = "bench.net.all";
    static final String SECRET_FILE = "bench.jgroups.secret.file";

    /** The JVM flags that carry this to a member. */
    List<String> flags() {
        return List.of("-D" + INTERFACE + "=" + interfaceName, "-D" + ADDRESS + "=" + address,
                "-D" + ALL + "=" + String.join(",", all));
    }

    /** In a member: what the harness handed it; loopback when started without (unit tests). */
    static MemberNet current() {
        return new MemberNet(System.getProperty(INTERFACE, "lo"), System.getProperty(ADDRESS, "127.0.0.1"),
                List.of(System.getProperty(ALL, "127.0.0.1").split(",")));
    }

    NetworkInterface networkInterface() throws IOException {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            throw new IOException("cannot look up " + interfaceName, e);
        }
        if (nif == null) {
            throw new IOException("no interface " + interfaceName + " here");
        }
        return nif;
    }

    boolean loopback() {
        return interfaceName.equals("lo");
    }
}
