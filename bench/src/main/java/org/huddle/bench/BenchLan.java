package org.huddle.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LAN the benchmark's members talk on, as users' networks are: one network namespace per member, each
 * with one veth pair ({@code lan0}, Ethernet's 1,500-byte MTU, {@code 10.79.0.<i>/24} and an IPv6 link-local
 * address) whose other end is a port of a Linux bridge in a namespace of its own. The bridge floods multicast
 * to every port (no snooping); each member routes {@code 224.0.0.0/4} to {@code lan0} and has no other route.
 * Nothing is created in the machine's own namespace (the veth is made inside the member's namespace with its
 * peer directly in the bridge's), so no member can send on the machine's interfaces.
 *
 * <p>Names are {@code hb-<owner>-br} and {@code hb-<owner>-m<i>}, {@code owner} the pid of {@code bench/run}
 * (its {@code BENCH_LAN_OWNER}) or of this JVM: {@code bench/run}'s trap deletes them by that prefix when the
 * JVM could not (killed), and a later run deletes those whose owner is gone. {@link #close()} and a shutdown
 * hook (Ctrl-C) delete them, killing what still runs inside first. A smaller cousin of the integration tests'
 * {@code NamespaceLan}, which the bench cannot depend on.
 */
final class BenchLan implements BenchNet {

    static final String INTERFACE = "lan0";
    static final int MTU = 1500;
    private static final String PREFIX = "hb-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(?:br|m\\d+)");

    private final String owner;
    private final List<String> members = new ArrayList<>();
    private final Thread hook = new Thread(this::deleteQuietly, "bench LAN teardown");
    private boolean closed;

    private BenchLan(String owner) {
        this.owner = owner;
    }

    /** A LAN of {@code size} members (ids 0 to size - 1), after deleting what killed runs left. */
    static BenchLan create(int size) throws IOException {
        String owner = System.getenv().getOrDefault("BENCH_LAN_OWNER", Long.toString(ProcessHandle.current().pid()));
        if (!owner.matches("\\d+")) {
            throw new IllegalArgumentException("BENCH_LAN_OWNER must be a pid, not " + owner);
        }
        deleteLeftovers();
        BenchLan lan = new BenchLan(owner);
        Runtime.getRuntime().addShutdownHook(lan.hook);
        try {
            String bridge = lan.bridge();
            run("ip", "netns", "add", bridge);
            run("ip", "-n", bridge, "link", "set", "lo", "up");
            run("ip", "-n", bridge, "link", "add", "br0", "mtu", Integer.toString(MTU), "type", "bridge",
                    "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0");
            run("ip", "-n", bridge, "link", "set", "br0", "up");
            for (int id = 0; id < size; id++) {
                lan.addMember(id);
            }
            return lan;
        } catch (IOException | RuntimeException e) {
            lan.close();
            throw e;
        }
    }

    private void addMember(int id) throws IOException {
        String ns = PREFIX + owner + "-m" + id;
        String port = "p" + id;
        run("ip", "netns", "add", ns);
        members.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "link", "add", INTERFACE, "mtu", Integer.toString(MTU), "type", "veth", "peer", "name", port,
                "mtu", Integer.toString(MTU), "netns", bridge());
        run("ip", "-n", bridge(), "link", "set", port, "master", "br0");
        run("ip", "-n", bridge(), "link", "set", port, "up");
        run("ip", "-n", ns, "addr", "add", address(id) + "/24", "dev", INTERFACE);
        // no duplicate address detection: the IPv6 link-local address is usable at once (fresh namespaces)
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf." + INTERFACE + ".accept_dad=0");
        run("ip", "-n", ns, "link", "set", INTERFACE, "up");
        run("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", INTERFACE);
    }

    static String address(int id) {
        return "10.79.0." + (id + 1);
    }

    private String bridge() {
        return PREFIX + owner + "-br";
    }

    @Override
    public String name() {
        return "lan";
    }

    @Override
    public List<String> commandPrefix(int id) {
        return List.of("ip", "netns", "exec", members.get(id));
    }

    @Override
    public MemberNet member(int id, int count) {
        if (id >= members.size() || count > members.size()) {
            throw new IllegalArgumentException("the LAN has " + members.size() + " members, not " + count);
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(address(i));
        }
        return new MemberNet(INTERFACE, address(id), all);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now or has run: deleting twice is harmless
        }
        deleteQuietly();
    }

    private synchronized void deleteQuietly() {
        List<String> all = new ArrayList<>(members);
        all.add(bridge());
        for (String ns : all) {
            try {
                delete(ns);
            } catch (IOException e) {
                System.err.println("error: could not delete the namespace " + ns + ": " + e.getMessage());
            }
        }
    }

    /** Namespaces of earlier runs whose owner is gone (killed before its teardown ran). */
    private static void deleteLeftovers() throws IOException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String ns = line.strip().split("\\s+", 2)[0];
            Matcher m = OURS.matcher(ns);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true)) {
                delete(ns);
            }
        }
    }

    private static void delete(String ns) throws IOException {
        if (!run("ip", "netns", "list").contains(ns)) {
            return;
        }
        // a process still inside keeps the namespace, and its veth, alive after the name is gone
        for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        run("ip", "netns", "delete", ns);
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer within 20 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
    }
}
