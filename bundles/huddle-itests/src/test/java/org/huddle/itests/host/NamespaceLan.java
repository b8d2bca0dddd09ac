package org.huddle.itests.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small LAN of Linux network namespaces for multi-host tests (design brief §4): a bridge in a namespace
 * of its own, and host namespaces whose only link is a veth pair, named {@code lan0} in the host with
 * address {@code 10.77.0.<i>/24}, whose other end is a port of the bridge. Multicast snooping is off on the
 * bridge, so it floods multicast to every port; each host routes {@code 224.0.0.0/4} to {@code lan0} and has
 * no default route. Isolated hosts ({@link #addIsolatedHost()}) have only {@code lo}.
 *
 * <p>Nothing is created in the namespace of the machine: the veth pair is created inside the host
 * namespace with its peer directly in the bridge namespace. Deleting the namespaces removes everything
 * (a veth pair goes with either of its ends).
 *
 * <p>Names are {@code hd-br-<pid>-<hex>} and {@code hd-h<i>-<pid>-<hex>}, unique per run; the pid is that of
 * the JVM that created them, so that a later run can tell (and delete) the leftovers of a run that was
 * killed before it could clean up, without touching the namespaces of a run still going. {@link #close()}
 * and a shutdown hook delete them; processes still running in a host namespace at that point (nodes of a
 * test that failed to stop them) are killed first.
 *
 * <pre>{@code
 * try (NamespaceLan lan = NamespaceLan.create(2);
 *      DistributionNode a = DistributionNode.from(dist).commandPrefix(lan.hostCommandPrefix(1)).start()) {
 *     ...
 * }
 * }</pre>
 *
 * Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2's {@code ip}.
 */
public final class NamespaceLan implements AutoCloseable {

    /** Prefix of every namespace this class creates. */
    public static final String PREFIX = "hd-";

    /** The bridge's name inside the bridge namespace. */
    public static final String BRIDGE = "br0";

    /** The host side of each veth pair, inside the host namespace. */
    public static final String HOST_INTERFACE = "lan0";

    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(?:br|rt|h\\d+)-(\\d+)-[0-9a-f]{6}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final String bridgeNamespace;
    /** Host namespaces by index - 1; {@code null} for none yet. */
    private final List<String> hosts = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    /** Each host's bridge port, by index - 1; {@code null} for an isolated host. */
    private final List<String> bridgePorts = new ArrayList<>();
    private final BridgeLoss loss;
    /** The routed second subnet, once a host was added there. */
    private RoutedSubnet subnet;
    private final Thread shutdownHook;
    private int ports;
    private boolean closed;

    private NamespaceLan() {
        this.id = ProcessHandle.current().pid() + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
        this.bridgeNamespace = PREFIX + "br-" + id;
        this.loss = new BridgeLoss(bridgeNamespace);
        this.shutdownHook = new Thread(this::deleteQuietly, "namespace LAN " + id + " teardown");
    }

    /**
     * Builds a LAN of {@code hosts} connected hosts (indexes 1 to {@code hosts}), after deleting the
     * leftovers of killed earlier runs. On failure, whatever was created is deleted again.
     *
     * @param hosts how many hosts to connect to the bridge (1 to 200)
     * @return the LAN
     * @throws IOException when an {@code ip} command fails; the message carries its stderr
     */
    public static NamespaceLan create(int hosts) throws IOException {
        if (hosts < 1 || hosts > 200) {
            throw new IllegalArgumentException("1 to 200 hosts, not " + hosts);
        }
        deleteLeftovers();
        NamespaceLan lan = new NamespaceLan();
        Runtime.getRuntime().addShutdownHook(lan.shutdownHook);
        try {
            lan.createNamespace(lan.bridgeNamespace);
            lan.ip(lan.bridgeNamespace, "link", "set", "lo", "up");
            // No snooping: the bridge floods every multicast datagram to all ports, whether or not it saw
            // an IGMP report for the group. Forwarding delay 0 and STP off: ports forward at once.
            lan.ip(lan.bridgeNamespace, "link", "add", BRIDGE, "type", "bridge", "mcast_snooping", "0",
                    "stp_state", "0", "forward_delay", "0");
            lan.ip(lan.bridgeNamespace, "link", "set", BRIDGE, "up");
            for (int i = 0; i < hosts; i++) {
                lan.addConnectedHost();
            }
            return lan;
        } catch (IOException | RuntimeException | Error e) {
            try {
                lan.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Adds a host connected to the bridge: {@code lan0} with {@code 10.77.0.<i>/24}, {@code lo} up, a route
     * for 224.0.0.0/4 via {@code lan0}, no default route.
     *
     * @return its index, for {@link #hostNamespace(int)}
     * @throws IOException when an {@code ip} command fails
     */
    public synchronized int addConnectedHost() throws IOException {
        int index = addHostNamespace();
        String ns = hosts.get(index - 1);
        String port = "p" + (++ports);
        String address = "10.77.0." + index;
        // Created inside the host namespace with its peer directly in the bridge namespace: no interface
        // ever appears in the machine's own namespace, so nothing can collide there.
        ip(ns, "link", "add", HOST_INTERFACE, "type", "veth", "peer", "name", port, "netns", bridgeNamespace);
        ip(bridgeNamespace, "link", "set", port, "master", BRIDGE);
        ip(bridgeNamespace, "link", "set", port, "up");
        ip(ns, "addr", "add", address + "/24", "dev", HOST_INTERFACE);
        // No duplicate address detection: the IPv6 link-local address is usable at once, so nodes can
        // send to IPv6 groups as soon as they start (a bridge of fresh namespaces has no duplicates).
        run(List.of("ip", "netns", "exec", ns, "sh", "-c",
                "echo 0 > /proc/sys/net/ipv6/conf/" + HOST_INTERFACE + "/accept_dad"));
        ip(ns, "link", "set", HOST_INTERFACE, "up");
        ip(ns, "route", "add", "224.0.0.0/4", "dev", HOST_INTERFACE);
        if (subnet != null) {
            subnet.routeFrom(ns, index);
        }
        addresses.set(index - 1, address);
        bridgePorts.set(index - 1, port);
        return index;
    }

    /**
     * Adds a host on a second subnet behind a router that forwards unicast but no multicast ({@link RoutedSubnet}):
     * {@code lan0} with {@code 10.78.0.<i>/24} and {@code fd08::<i>/64}. The router is created with the first such
     * host; from then on the LAN's hosts have {@code fd07::<i>/64} as well.
     *
     * @return its index, for {@link #hostNamespace(int)}
     * @throws IOException when an {@code ip} command fails
     */
    public synchronized int addRoutedHost() throws IOException {
        checkOpen();
        if (subnet == null) {
            subnet = RoutedSubnet.create(this, bridgeNamespace, PREFIX + "rt-" + id);
            for (int i = 0; i < hosts.size(); i++) {
                if (addresses.get(i) != null) {
                    subnet.routeFrom(hosts.get(i), i + 1);
                }
            }
        }
        int index = addHostNamespace();
        addresses.set(index - 1, subnet.attach(hosts.get(index - 1), index, "p" + (++ports)));
        return index;
    }

    /**
     * @param index 1 for the first host
     * @return the host's routed IPv6 address ({@code fd07::<i>} on the LAN, {@code fd08::<i>} behind the router,
     *         see {@link RoutedSubnet}); empty while the LAN has no routed subnet, and for an isolated host
     */
    public synchronized Optional<String> hostAddress6(int index) {
        hostNamespace(index);
        String v4 = addresses.get(index - 1);
        if (subnet == null || v4 == null) {
            return Optional.empty();
        }
        return Optional.of(v4.startsWith("10.78.") ? RoutedSubnet.subnetAddress6(index) : RoutedSubnet.lanAddress6(index));
    }

    /**
     * Adds a host with no link at all, only {@code lo} (up): what a laptop with no network looks like.
     *
     * @return its index, for {@link #hostNamespace(int)}
     * @throws IOException when an {@code ip} command fails
     */
    public synchronized int addIsolatedHost() throws IOException {
        return addHostNamespace();
    }

    private int addHostNamespace() throws IOException {
        checkOpen();
        int index = hosts.size() + 1;
        String ns = PREFIX + "h" + index + "-" + id;
        createNamespace(ns);
        hosts.add(ns);
        addresses.add(null);
        bridgePorts.add(null);
        ip(ns, "link", "set", "lo", "up");
        return index;
    }

    private void createNamespace(String ns) throws IOException {
        run(List.of("ip", "netns", "add", ns));
    }

    /** @return the name of the bridge's namespace */
    public String bridgeNamespace() {
        return bridgeNamespace;
    }

    /**
     * @param index 1 for the first host
     * @return the host's namespace name
     */
    public synchronized String hostNamespace(int index) {
        if (index < 1 || index > hosts.size()) {
            throw new IllegalArgumentException("no host " + index + "; there are " + hosts.size());
        }
        return hosts.get(index - 1);
    }

    /**
     * @param index 1 for the first host
     * @return the host's IPv4 address on {@code lan0}, empty for an isolated host
     */
    public synchronized Optional<String> hostAddress(int index) {
        hostNamespace(index);
        return Optional.ofNullable(addresses.get(index - 1));
    }

    /**
     * @param index 1 for the first host
     * @return {@code ip netns exec <namespace>}, to put before a command that is to run on that host (see
     *         {@link DistributionNode.Builder#commandPrefix(String...)})
     */
    public String[] hostCommandPrefix(int index) {
        return new String[] { "ip", "netns", "exec", hostNamespace(index) };
    }

    /**
     * Drops {@code percent}% (0 to 100; 0 removes the loss) of the frames to and from a connected host at its
     * bridge port, multicast and unicast alike, each frame and direction drawn on its own ({@link BridgeLoss}).
     *
     * @throws IOException when {@code nft} fails (see {@link #nftAvailable()}), with its stderr
     */
    public void loss(int host, int percent) throws IOException {
        String port;
        synchronized (this) {
            checkOpen();
            hostNamespace(host);
            port = bridgePorts.get(host - 1);
        }
        if (port == null) {
            throw new IllegalArgumentException("host " + host + " is isolated: it has no bridge port to lose packets at");
        }
        loss.set(port, percent);
    }

    /**
     * Drops {@code percent}% (0 to 100; 0 removes it) of every frame the bridge forwards, whichever ports it comes
     * from and goes to, each copy drawn on its own: between any two connected hosts {@code percent}% of the frames
     * are lost, each way. {@link #loss(int, int)} on both hosts' ports would draw twice per path (5% on each drops
     * 9.75% between them). Adds to the per-host loss.
     *
     * @throws IOException when {@code nft} fails (see {@link #nftAvailable()}), with its stderr
     */
    public void lossEverywhere(int percent) throws IOException {
        synchronized (this) {
            checkOpen();
        }
        loss.setEverywhere(percent);
    }

    /** @return the loss rules with the counts of what they dropped, for failure messages */
    public String lossRules() throws IOException {
        return loss.rules();
    }

    /** @return the frames the loss rules dropped since the loss was last changed (a change resets them) */
    public long droppedFrames() throws IOException {
        return loss.dropped();
    }

    /** @return whether nftables' {@code nft}, which {@link #loss(int, int)} needs, can be run */
    public static boolean nftAvailable() {
        return BridgeLoss.available();
    }

    /**
     * Runs {@code ip} inside a namespace of this LAN, for example {@code ip("hd-h1-...", "-br", "addr")}.
     *
     * @param namespace one of this LAN's namespaces
     * @param args      the arguments after {@code ip -n <namespace>}
     * @return its stdout
     * @throws IOException when it fails, with its stderr
     */
    public String ip(String namespace, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace));
        command.addAll(List.of(args));
        return run(command);
    }

    /**
     * Sets a kernel parameter inside a host's namespace, for example {@code net.ipv4.conf.all.rp_filter} to
     * {@code 0}.
     *
     * @param key   the parameter's name, dotted as {@code sysctl} writes it (no dots within a part)
     * @param value what to write
     * @throws IOException when it cannot be written, with the shell's stderr
     */
    public void sysctl(int host, String key, String value) throws IOException {
        if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+") || !value.matches("[0-9a-z ]+")) {
            throw new IllegalArgumentException("not a kernel parameter and value: " + key + " = " + value);
        }
        run(List.of("ip", "netns", "exec", hostNamespace(host), "sh", "-c",
                "echo " + value + " > /proc/sys/" + key.replace('.', '/')));
    }

    /**
     * Kills whatever still runs in the host namespaces, then deletes all namespaces of this LAN (hosts
     * first, then the bridge). Safe to call more than once.
     *
     * @throws IllegalStateException when a namespace could not be deleted
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run; deleting twice is harmless
        }
        List<String> failures = delete();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not delete the namespace LAN " + id + ":\n"
                    + String.join("\n", failures));
        }
    }

    private void deleteQuietly() {
        List<String> failures = delete();
        if (!failures.isEmpty()) {
            System.err.println("could not delete the namespace LAN " + id + ": " + failures);
        }
    }

    private synchronized List<String> delete() {
        List<String> namespaces = new ArrayList<>(hosts);
        Collections.reverse(namespaces);
        if (subnet != null) {
            namespaces.add(subnet.routerNamespace());
        }
        namespaces.add(bridgeNamespace);
        List<String> failures = new ArrayList<>();
        for (String ns : namespaces) {
            try {
                deleteNamespace(ns);
            } catch (IOException | RuntimeException e) {
                failures.add(ns + ": " + e.getMessage());
            }
        }
        return failures;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("namespace LAN " + id + " is closed");
        }
    }

    /**
     * Deletes the namespaces (and kills the processes in them) that a run of this class left behind when
     * it was killed: those whose creating JVM is gone. Namespaces of runs still going are left alone.
     *
     * @throws IOException when {@code ip netns list} fails
     */
    public static void deleteLeftovers() throws IOException {
        for (String ns : listNamespaces()) {
            Matcher m = OURS.matcher(ns);
            if (!m.matches()) {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            try {
                deleteNamespace(ns);
            } catch (IOException e) {
                System.err.println("could not delete the leftover namespace " + ns + ": " + e.getMessage());
            }
        }
    }

    /** @return the names of the namespaces {@code ip netns} knows */
    public static List<String> listNamespaces() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
            // "name" or "name (id: 3)"
            String name = line.strip().split("\\s+", 2)[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** @return the namespaces of this LAN that {@code ip netns} still lists */
    public List<String> remainingNamespaces() throws IOException {
        List<String> ours = new ArrayList<>(hosts);
        ours.add(bridgeNamespace);
        List<String> remaining = new ArrayList<>(listNamespaces());
        remaining.retainAll(ours);
        return remaining;
    }

    private static void deleteNamespace(String ns) throws IOException {
        if (!Files.exists(Paths.get("/var/run/netns", ns)) && !listNamespaces().contains(ns)) {
            return;
        }
        // Processes still inside keep the namespace (and its veth) alive after its name is gone.
        try {
            for (String pid : run(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(p -> {
                        p.destroyForcibly();
                        try {
                            p.onExit().get(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (ExecutionException | TimeoutException e) {
                            // delete the namespace anyway
                        }
                    });
                }
            }
        } catch (IOException | NumberFormatException e) {
            // listing pids is best effort; the delete below is what counts
        }
        run(List.of("ip", "netns", "delete", ns));
    }

    /** @return whether this JVM runs as root (uid 0) */
    public static boolean isRoot() {
        return SystemCommand.isRoot();
    }

    /** @return whether iproute2's {@code ip} can be run */
    public static boolean ipAvailable() {
        try {
            run(List.of("ip", "-V"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Tries to create and delete a namespace, to tell whether this machine lets the tests build a LAN
     * (a container may withhold CAP_SYS_ADMIN even from root).
     *
     * @return empty when it works, else why not
     */
    public static Optional<String> probe() {
        String ns = PREFIX + "h0-" + ProcessHandle.current().pid() + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
        try {
            run(List.of("ip", "netns", "add", ns));
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
        try {
            deleteNamespace(ns);
        } catch (IOException e) {
            return Optional.of("created namespace " + ns + " but could not delete it: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String run(List<String> command) throws IOException {
        return SystemCommand.run(command, COMMAND_TIMEOUT);
    }

    @Override
    public String toString() {
        return "namespace LAN " + id + " (bridge " + bridgeNamespace + ", hosts " + hosts + ")";
    }
}
