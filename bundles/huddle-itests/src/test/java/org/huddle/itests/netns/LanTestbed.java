package org.huddle.itests.netns;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.huddle.itests.Await;
import org.huddle.itests.Environment;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.huddle.itests.host.OriginProgram;
import org.junit.rules.ExternalResource;

/**
 * What the multi-host tests run on: a {@link NamespaceLan}, the Huddle nodes (unpacked distribution, default
 * configuration, pipe mode) and the origin programs ({@link OriginProgram}) started on its hosts, all torn
 * down together, also after a failure. Every wait it offers fails with what every node and program printed,
 * since a message that did not arrive is usually explained on the other side.
 *
 * <p>A JUnit class rule: it skips the test class (with the reason) where namespaces cannot be made, builds
 * the LAN before {@code @BeforeClass} and tears everything down after {@code @AfterClass}, printing what
 * every node and program printed into the report file first.
 *
 * <pre>{@code
 * @ClassRule public static final LanTestbed testbed = LanTestbed.withHosts(3);
 *
 * @BeforeClass public static void startNodes() throws IOException {
 *     alice = testbed.startNode(1, "alice");
 *     bob = testbed.startNode(2, "bob");
 *     testbed.awaitNodesReady();
 * }
 * }</pre>
 */
public final class LanTestbed extends ExternalResource implements AutoCloseable {

    /** A fresh JVM and Felix per node, several at once on a busy two-core build machine. */
    public static final Duration STARTUP = Duration.ofSeconds(90);
    /** From a command to its answer, or from a message sent to the line that shows it elsewhere. */
    public static final Duration EXCHANGE = Duration.ofSeconds(20);
    /** An interpreter starting a script, up to its first line. */
    public static final Duration PROGRAM_START = Duration.ofSeconds(20);

    /** Where {@link #outputs()} cuts a line. */
    private static final int LONGEST_LINE = 400;

    private final int hosts;
    /** Each node started, with the handle it is to get. */
    private final Map<DistributionNode, String> nodes = new LinkedHashMap<>();
    /** The nodes that have their handle (and so answer commands). */
    private final Set<DistributionNode> ready = new HashSet<>();
    private final List<OriginProgram> programs = new ArrayList<>();
    private NamespaceLan lan;

    private LanTestbed(int hosts) {
        this.hosts = hosts;
    }

    /**
     * @param hosts how many connected hosts the LAN gets (see {@link NamespaceLan#create(int)})
     * @return a class rule that builds it
     */
    public static LanTestbed withHosts(int hosts) {
        return new LanTestbed(hosts);
    }

    @Override
    protected void before() throws IOException {
        assumeNamespaces();
        lan = NamespaceLan.create(hosts);
    }

    @Override
    protected void after() {
        if (lan != null) {
            // For the report file (failsafe redirects stdout): what every node and program printed.
            System.out.println(outputs());
        }
        close();
    }

    /** Skips the test class, with the reason, where network namespaces cannot be made (fails in CI: {@link Environment}). */
    private static void assumeNamespaces() {
        Environment.require("needs root to create network namespaces", NamespaceLan.isRoot());
        Environment.require("needs iproute2's `ip` on the PATH to create network namespaces",
                NamespaceLan.ipAvailable());
        Optional<String> denied = NamespaceLan.probe();
        Environment.require("cannot create network namespaces here (" + denied.orElse("") + ")",
                denied.isEmpty());
    }

    /** @return the LAN, for more hosts or {@code ip} commands */
    public NamespaceLan lan() {
        return lan;
    }

    /**
     * @param host 1 for the first host
     * @return its IPv4 address on {@code lan0}, for example {@code 10.77.0.1}
     */
    public String address(int host) {
        return lan.hostAddress(host).orElseThrow(() -> new IllegalArgumentException("host " + host + " is isolated"));
    }

    /**
     * Tells whether an address a node printed (an IPv4 literal, or an IPv6 one, with or without brackets and
     * zone) is one of a host's addresses on {@code lan0}: a reply may come over either family.
     *
     * @param host    1 for the first host
     * @param literal for example {@code 10.77.0.2} or {@code fe80:0:0:0:d0c4:2ff:fe5e:1a2b%lan0}
     */
    public boolean isAddressOf(int host, String literal) throws IOException {
        String bare = literal.replaceAll("^\\[|\\]$", "").replaceAll("%.*$", "");
        if (!bare.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        // Literals only (checked above), so no name is ever looked up.
        InetAddress given = InetAddress.getByName(bare);
        List<String> addresses = new ArrayList<>(List.of(address(host)));
        Matcher inet6 = Pattern.compile("inet6 ([0-9a-f:]+)/")
                .matcher(lan.ip(lan.hostNamespace(host), "-6", "-o", "addr", "show", "dev", NamespaceLan.HOST_INTERFACE));
        while (inet6.find()) {
            addresses.add(inet6.group(1));
        }
        for (String address : addresses) {
            if (InetAddress.getByName(address).equals(given)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a node from a copy of the distribution on a host, without waiting for it: starting all nodes
     * before {@link #awaitNodesReady()} lets their JVMs start side by side.
     *
     * @param host   1 for the first host
     * @param handle the handle {@link #awaitNodesReady()} gives it
     * @return the node, stopped by {@link #close()}
     */
    public DistributionNode startNode(int host, String handle) throws IOException {
        return startNode(host, handle, Map.of());
    }

    /**
     * Starts a node whose default transport is configured: see {@link #startNode(int, String)}.
     *
     * @param transport keys to set in {@link DistributionNode#TRANSPORT_CFG}, for example {@code groups}
     */
    public DistributionNode startNode(int host, String handle, Map<String, String> transport) throws IOException {
        return startNode(host, handle, transport, Map.of());
    }

    /**
     * Starts a node whose transport and engine are configured: see {@link #startNode(int, String)}.
     *
     * @param engine keys to set in {@link DistributionNode#ENGINE_CFG}, for example {@code delivery.hold}
     */
    public DistributionNode startNode(int host, String handle, Map<String, String> transport,
            Map<String, String> engine) throws IOException {
        Map<String, Map<String, String>> files = new java.util.LinkedHashMap<>();
        if (!transport.isEmpty()) {
            files.put(DistributionNode.TRANSPORT_CFG, transport);
        }
        if (!engine.isEmpty()) {
            files.put(DistributionNode.ENGINE_CFG, engine);
        }
        return startNodeWith(host, handle, files);
    }

    /**
     * Starts a node with configuration files of its own: see {@link #startNode(int, String)}.
     *
     * @param files file name in {@code load/} (for example {@code org.huddle.bridge-lan.cfg}) to the keys to set
     */
    public synchronized DistributionNode startNodeWith(int host, String handle, Map<String, Map<String, String>> files)
            throws IOException {
        DistributionNode.Builder builder = DistributionNode.from(DistributionNode.distribution())
                .name(handle + "@h" + host).commandPrefix(lan.hostCommandPrefix(host));
        files.forEach(builder::configure);
        DistributionNode node = builder.start();
        nodes.put(node, handle);
        return node;
    }

    /**
     * Starts a node again on its host in the copy a killed (or stopped) node ran in: its configuration,
     * framework cache and room history. {@link #awaitNodesReady()} gives it the same handle.
     *
     * @param host    the host the stopped node ran on
     * @param stopped a node this testbed started, no longer running
     * @return the new node, stopped by {@link #close()} before the copy is deleted
     */
    public synchronized DistributionNode restartNode(int host, DistributionNode stopped) throws IOException {
        if (stopped.isAlive() || !nodes.containsKey(stopped)) {
            throw new IllegalStateException(stopped.name() + " is still running, or was not started here");
        }
        DistributionNode node = DistributionNode.from(DistributionNode.distribution()).reuse(stopped.home())
                .name(stopped.name() + "-again").commandPrefix(lan.hostCommandPrefix(host)).start();
        nodes.put(node, nodes.get(stopped));
        return node;
    }

    /** Gives each node started since the last call its handle, which also waits until its console answers. */
    public void awaitNodesReady() {
        Map<DistributionNode, String> waiting;
        synchronized (this) {
            waiting = new LinkedHashMap<>(nodes);
            waiting.keySet().removeAll(ready);
        }
        for (Map.Entry<DistributionNode, String> node : waiting.entrySet()) {
            ask(node.getKey(), "chat:nick " + node.getValue(), l -> l.equals("you are now " + node.getValue()), STARTUP);
            synchronized (this) {
                ready.add(node.getKey());
            }
        }
    }

    /** Waits until the node's default transport is bound, so that its membership is taken. */
    public String awaitBoundTransport(DistributionNode node) {
        return withOutputs(() -> node.boundTransport(STARTUP));
    }

    /**
     * Starts an origin program on a host.
     *
     * @param host      1 for the first host
     * @param script    a file in {@code src/test/resources/origin}
     * @param arguments its arguments
     * @return the program, stopped by {@link #close()}
     */
    public synchronized OriginProgram startProgram(int host, String script, String... arguments) throws IOException {
        // "backchannel.rb carol@h3", or "pymotw_receiver.py h2" for a program without arguments.
        String label = (arguments.length > 0 ? arguments[0] + "@" : "") + "h" + host;
        OriginProgram program = OriginProgram.script(script).name(label).commandPrefix(lan.hostCommandPrefix(host))
                .arguments(arguments).start();
        programs.add(program);
        return program;
    }

    /**
     * Starts {@code sniff.py} on a host, as anyone on the LAN could listen to a group, and waits until it listens.
     *
     * @return the sniffer, which prints {@code datagram <length> <hex>} per datagram; stopped by {@link #close()}
     */
    public OriginProgram startSniffer(int host, String group, int port) throws IOException {
        OriginProgram sniffer = startProgram(host, "sniff.py", group, String.valueOf(port));
        awaitLine(sniffer, 0, "listening"::equals, PROGRAM_START, "the sniffer to listen");
        return sniffer;
    }

    /**
     * Starts a backchannel client (seed 001) and waits until it listens.
     *
     * @return the client, stopped by {@link #close()}
     */
    public OriginProgram startBackchannel(int host, String handle) throws IOException {
        OriginProgram client = startProgram(host, "backchannel.rb", handle);
        awaitLine(client, 0, l -> l.startsWith("ready "), PROGRAM_START, "backchannel client " + handle + " to listen");
        return client;
    }

    /**
     * Sends one datagram from a host with {@code send_datagram.py} and waits until it is sent.
     *
     * @param arguments after the group and port: {@code text <text>} or {@code backchannel <handle> <size>}
     */
    public void sendDatagram(int host, String group, int port, String... arguments) throws IOException {
        List<String> all = new ArrayList<>(List.of(group, String.valueOf(port)));
        all.addAll(List.of(arguments));
        try (OriginProgram sender = startProgram(host, "send_datagram.py", all.toArray(String[]::new))) {
            int exit = sender.awaitExit(PROGRAM_START);
            if (exit != 0) {
                throw new AssertionError("send_datagram.py exited with " + exit + "; " + sender.output());
            }
        }
    }

    /**
     * Sends a command and waits for its answer among the lines printed after it.
     *
     * @throws AssertionError with every output when the answer did not come in time, or an {@code error:}
     *                        line came instead
     */
    public String ask(DistributionNode node, String command, Predicate<String> answer, Duration timeout) {
        return withOutputs(() -> {
            // A refusal ends the wait at once, with the node's reason.
            String line = node.ask(command, answer.or(l -> l.startsWith("error: ")), timeout);
            if (!answer.test(line)) {
                throw new AssertionError("`" + command + "` on node " + node.name() + " answered `" + line + "`");
            }
            return line;
        });
    }

    /**
     * Says something in a room of a node: makes the room current first, since the tests of a class run in any
     * order and each may have left another room current.
     */
    public void sayIn(DistributionNode node, String room, String text) {
        ask(node, "chat:room " + room, l -> l.equals("current room is now " + room));
        node.send("chat:say " + text);
    }

    /** {@link #ask(DistributionNode, String, Predicate, Duration)} within {@link #EXCHANGE}. */
    public String ask(DistributionNode node, String command, Predicate<String> answer) {
        return ask(node, command, answer, EXCHANGE);
    }

    /**
     * Waits for a matching line a node prints from line {@code from} on.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError with every output when no line matched in time
     */
    public String awaitLine(DistributionNode node, int from, Predicate<String> match, Duration timeout, String what) {
        return withOutputs(() -> described(what, () -> node.awaitLineAfter(from, match, timeout)));
    }

    /**
     * Waits for a matching stdout line a program prints from line {@code from} on.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError with every output when no line matched in time
     */
    public String awaitLine(OriginProgram program, int from, Predicate<String> match, Duration timeout, String what) {
        return withOutputs(() -> described(what, () -> program.awaitLineAfter(from, match, timeout)));
    }

    /**
     * Asserts that no matching line shows up from line {@code from} on during {@code quiet}.
     *
     * @param lines the lines so far, for example {@code program::lines}
     * @param what  what must not be seen, for the failure message
     * @throws AssertionError with the line and every output when one matched
     */
    public void assertNoLine(Supplier<List<String>> lines, int from, Predicate<String> match, Duration quiet, String what) {
        assertThroughout(quiet, () -> since(lines.get(), from).stream().noneMatch(match), "no " + what);
    }

    /**
     * Asserts that a condition holds all through {@code quiet}. The one wait that always runs to its end: it
     * proves that something does not happen, so keep {@code quiet} short, and start it once a witness has
     * shown that what is not to be seen here was seen elsewhere (or was sent).
     *
     * @param what what must hold, for the failure message
     * @throws AssertionError with every output as soon as the condition fails
     */
    public void assertThroughout(Duration quiet, Supplier<Boolean> condition, String what) {
        withOutputs(() -> {
            Await.throughout(quiet, condition, what);
            return null;
        });
    }

    /**
     * @param lines what a node or program printed, as one snapshot (from its {@code lines()})
     * @param from  a line count taken earlier
     * @return the lines printed since
     */
    public static List<String> since(List<String> lines, int from) {
        return lines.subList(Math.min(from, lines.size()), lines.size());
    }

    private static String described(String what, Supplier<String> wait) {
        try {
            return wait.get();
        } catch (AssertionError e) {
            throw new AssertionError("waiting for " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs a wait; when it fails, the message carries what every node and program printed. */
    public <T> T withOutputs(Supplier<T> wait) {
        try {
            return wait.get();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + outputs(), e);
        }
    }

    /** @return the LAN and what every node and program printed so far, labelled */
    public synchronized String outputs() {
        List<String> parts = new ArrayList<>();
        parts.add("LAN: " + lan);
        for (DistributionNode node : nodes.keySet()) {
            parts.add("--- output of node " + node.name() + " (alive: " + node.isAlive() + ") ---\n" + node.output());
        }
        for (OriginProgram program : programs) {
            parts.add("--- " + program.output());
        }
        return String.join("\n", parts).lines().map(LanTestbed::shortened).collect(Collectors.joining("\n"));
    }

    /** Long lines (a long text said, a datagram that killed a client) cut, so the message stays readable. */
    private static String shortened(String line) {
        return line.length() <= LONGEST_LINE ? line
                : line.substring(0, LONGEST_LINE) + "... (" + (line.length() - LONGEST_LINE) + " more characters)";
    }

    /**
     * Stops every program and node, then deletes the LAN (which kills whatever still runs in it). Each step
     * on its own, so that one failing does not keep the rest from being torn down.
     */
    @Override
    public void close() {
        List<AutoCloseable> steps = new ArrayList<>();
        synchronized (this) {
            steps.addAll(programs);
            // Latest first: a restarted node stops before the node whose copy it runs in deletes that copy.
            List<DistributionNode> started = new ArrayList<>(nodes.keySet());
            Collections.reverse(started);
            steps.addAll(started);
        }
        if (lan != null) {
            steps.add(lan);
        }
        RuntimeException failure = null;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("tearing down " + lan + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
