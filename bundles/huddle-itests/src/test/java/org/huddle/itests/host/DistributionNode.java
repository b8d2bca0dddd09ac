package org.huddle.itests.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.Await;

/**
 * A Huddle node started from a copy of the unpacked distribution ({@code distribution/target/huddle}),
 * driven through its pipe mode: one Gogo command per line on stdin, results and incoming messages
 * ({@code [room] handle: content}) on stdout.
 *
 * <p>Each node runs in its own copy, so it has its own framework cache and configuration. The copy never
 * includes a {@code felix-cache} of the source: configurations persisted there by an earlier run (say,
 * a transport on every interface) would apply before the overrides given here. A restart runs a new node in
 * the copy of a stopped one ({@link Builder#reuse(Path)}), cache and all.
 *
 * <pre>{@code
 * try (DistributionNode b = DistributionNode.from(DistributionNode.distribution())
 *         .name("b")
 *         .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo", "port", Integer.toString(FreePorts.udp())))
 *         .start()) {
 *     b.send("chat:join lobby");
 *     b.awaitLine(l -> l.startsWith("joined lobby"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class DistributionNode implements AutoCloseable {

    /** System property (set by the build) naming the unpacked distribution. */
    public static final String DISTRIBUTION_PROPERTY = "huddle.distribution";

    /** The default transport's configuration file, in {@code load/}. */
    public static final String TRANSPORT_CFG = "org.huddle.transport.multicast-default.cfg";

    /** The engine's configuration file, in {@code load/}. */
    public static final String ENGINE_CFG = "org.huddle.engine.cfg";

    /** The framework property with the web page's port (Felix HTTP's), in {@code conf/config.properties}. */
    public static final String HTTP_PORT = "org.osgi.service.http.port";

    /** The line of {@code chat:stats} that describes the default transport, up to the description. */
    private static final String DESCRIPTION = "transport.default.description ";

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Path home;
    private final boolean deleteHome;
    private final PipedProcess process;
    private volatile boolean killed;

    private DistributionNode(String name, Path home, boolean deleteHome, PipedProcess process) {
        this.name = name;
        this.home = home;
        this.deleteHome = deleteHome;
        this.process = process;
    }

    /**
     * @return the unpacked distribution named by the {@value #DISTRIBUTION_PROPERTY} system property
     * @throws AssertionError when the property is not set or names no distribution
     */
    public static Path distribution() {
        String property = System.getProperty(DISTRIBUTION_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new AssertionError("system property " + DISTRIBUTION_PROPERTY + " is not set (the failsafe"
                    + " configuration of huddle-itests sets it to distribution/target/huddle)");
        }
        Path path = Paths.get(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path.resolve("bin/huddle"))) {
            throw new AssertionError(path + "/bin/huddle does not exist: build the distribution module first"
                    + " (mvn verify from the top directory builds it before the integration tests)");
        }
        return path;
    }

    /**
     * @param distribution an unpacked distribution, see {@link #distribution()}
     * @return a builder for a node started from a copy of it
     */
    public static Builder from(Path distribution) {
        return new Builder(distribution);
    }

    /** Sets up a node before it starts. */
    public static final class Builder {

        private final Path distribution;
        private final Map<String, Map<String, String>> configuration = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> commandPrefix = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private int httpPort;
        private String name = "node";
        private Path directory;
        private boolean reuse;

        private Builder(Path distribution) {
            this.distribution = distribution;
        }

        /**
         * @param name for thread names and failure messages
         * @return this
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param directory where to put the copy (must not exist yet, or be empty); by default a temporary
         *                  directory, deleted on {@link DistributionNode#close()}
         * @return this
         */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Starts the node in a copy that an earlier node ran in, as that node left it: its framework cache
         * (installed bundles, persisted configuration, the engine's data area with room history) included.
         * For restarts: give the first node a {@link #directory(Path)} of its own, so that closing it keeps the
         * copy. The copy is not deleted on {@link DistributionNode#close()}; configuration overrides given here
         * are written into it as usual.
         *
         * @param home the {@link DistributionNode#home()} of the earlier node, which must have stopped
         * @return this
         */
        public Builder reuse(Path home) {
            this.directory = home;
            this.reuse = true;
            return this;
        }

        /**
         * Runs the launcher through another command, for example {@code ip netns exec h1} to start the node
         * inside a network namespace.
         *
         * @param prefix the command and its arguments, put before {@code bin/huddle}
         * @return this
         */
        public Builder commandPrefix(String... prefix) {
            commandPrefix.clear();
            commandPrefix.addAll(List.of(prefix));
            return this;
        }

        /**
         * Overrides keys of a configuration file in the copy's {@code load/} directory (the file is created
         * if the distribution has none). Other keys and the comments stay as they are.
         *
         * @param file   for example {@link DistributionNode#TRANSPORT_CFG}
         * @param values the keys to set
         * @return this
         */
        public Builder configure(String file, Map<String, String> values) {
            configuration.computeIfAbsent(file, f -> new LinkedHashMap<>()).putAll(values);
            return this;
        }

        /**
         * @param port the web page's port (by default any free one outside a namespace, 8480 inside one)
         * @return this
         */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /**
         * @param args arguments of {@code bin/huddle}, for example {@code --chat lobby}
         * @return this
         */
        public Builder args(String... args) {
            this.args.clear();
            this.args.addAll(List.of(args));
            return this;
        }

        /**
         * @param variable an environment variable for the launcher, for example {@code HUDDLE_OPTS}
         * @param value    its value
         * @return this
         */
        public Builder environment(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        /**
         * Copies the distribution, writes the configuration overrides and starts {@code bin/huddle} in pipe
         * mode.
         *
         * @return the running node
         * @throws IOException when the copy or the start fails
         */
        public DistributionNode start() throws IOException {
            boolean temporary = directory == null;
            Path home = prepare();
            ProcessBuilder builder = new ProcessBuilder(launcher(home))
                    .directory(home.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment("pipe"));
            return new DistributionNode(name, home, temporary, PipedProcess.start(builder, "node " + name));
        }

        /**
         * Prepares the copy as {@link #start()} does and starts the node in the console for people instead, under a
         * pseudo-terminal ({@link TerminalNode}); the copy is always a temporary one.
         *
         * @return the running node, whose screen a test reads and at which it types
         * @throws IOException when the copy fails
         */
        public TerminalNode startInTerminal() throws IOException {
            if (directory != null) {
                throw new IllegalStateException("a node in a terminal runs in a temporary copy only");
            }
            Path home = prepare();
            return TerminalNode.start(name, home, launcher(home), environment("terminal"));
        }

        /** @return the copy, made (or reused), with the configuration overrides written */
        private Path prepare() throws IOException {
            Path home = directory == null ? Files.createTempDirectory("huddle-node-" + name + "-") : directory;
            if (!reuse) {
                TestFiles.copyDistribution(distribution, home);
            } else if (!Files.isRegularFile(home.resolve("bin/huddle"))) {
                throw new IOException(home + " is no copy of the distribution (no bin/huddle) to start again");
            }
            for (Map.Entry<String, Map<String, String>> file : configuration.entrySet()) {
                TestFiles.setCfg(home.resolve("load").resolve(file.getKey()), file.getValue());
            }
            if (httpPort != 0) {
                TestFiles.setCfg(home.resolve("conf/config.properties"), Map.of(HTTP_PORT, Integer.toString(httpPort)));
            } else if (commandPrefix.isEmpty() && !reuse) {
                // Outside a namespace several nodes share this machine's loopback: each web page gets a port
                // of its own (0: any free one) instead of all wanting the distribution's 8480.
                TestFiles.setCfg(home.resolve("conf/config.properties"), Map.of(HTTP_PORT, "0"));
            }
            return home;
        }

        private List<String> launcher(Path home) {
            List<String> command = new ArrayList<>(commandPrefix);
            command.add(home.resolve("bin/huddle").toString());
            command.addAll(args);
            return command;
        }

        /** The same Java as the tests, and the console mode whatever the launcher guesses from stdin. */
        private Map<String, String> environment(String console) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("HUDDLE_CONSOLE", console);
            env.putAll(environment);
            return env;
        }
    }

    /** @return the name given to this node, for messages */
    public String name() {
        return name;
    }

    /** @return the directory of this node's copy of the distribution */
    public Path home() {
        return home;
    }

    /**
     * @return the process id of the node's JVM, for reading its resources in {@code /proc}: {@code bin/huddle}
     *         execs the JVM, and {@code ip netns exec} execs {@code bin/huddle}, so the process started is the JVM
     */
    public long pid() {
        return process.process().pid();
    }

    /** @return whether the node's process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends one command line to the node's stdin.
     *
     * @param line a Gogo command, for example {@code chat:join lobby}
     */
    public void send(String line) {
        process.send(line);
    }

    /** Closes the node's stdin, as the end of a script piped into it does. */
    public void endInput() {
        process.endInput();
    }

    /**
     * Waits for a line of output (stdout and stderr) that matches; lines printed before the call count too.
     *
     * @param match   which line
     * @param timeout how long to wait
     * @return the first matching line
     * @throws AssertionError with the node's whole output when no line matched in time, or the node exited
     */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        return awaitLineAfter(0, match, timeout);
    }

    /**
     * Waits for a matching line among those printed from index {@code from} on (see {@link #lineCount()}).
     *
     * @throws AssertionError with the node's whole output when no line matched in time, or the node exited
     */
    public String awaitLineAfter(int from, Predicate<String> match, Duration timeout) {
        return process.stdout().awaitLineAfter(from, match, timeout);
    }

    /**
     * Sends a command and waits for the matching answer among the lines printed after it was sent.
     *
     * @throws AssertionError with the node's output when no such line came in time
     */
    public String ask(String command, Predicate<String> answer, Duration timeout) {
        int from = lineCount();
        send(command);
        return awaitLineAfter(from, answer, timeout);
    }

    /**
     * Asks {@code chat:stats} until the default transport is bound.
     *
     * @return the transport's description, for example {@code multicast 239.255.72.68:7446 on lan0}
     */
    public String boundTransport(Duration timeout) {
        try {
            return Await.value(timeout, () -> {
                String line = ask("chat:stats", l -> l.startsWith(DESCRIPTION) || l.startsWith("transport (none bound)"),
                        timeout);
                return line.startsWith(DESCRIPTION) ? line.substring(DESCRIPTION.length()) : null;
            }, "the default transport of node " + name + " to be bound");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + output(), e);
        }
    }

    /**
     * Asks {@code chat:history <room> <n>} and collects the messages it lists.
     *
     * @return each message as {@code handle: content}, oldest first, without the time; empty for
     *         {@code no messages yet}
     * @throws AssertionError with the node's output when the answer did not end in time
     */
    public List<String> history(String room, int n, Duration timeout) {
        // HH:mm:ss [room] handle: content (docs/console.md); an incoming message has no time in front.
        Pattern historyLine = Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\[" + Pattern.quote(room) + "\\] (.*)");
        int from = lineCount();
        send("chat:history " + room + " " + n);
        // The command's lines are printed together; the next command's answer tells when all of them are there.
        send("chat:nick");
        awaitLineAfter(from, l -> l.startsWith("you are "), timeout);
        return lines().subList(from, lineCount()).stream()
                .map(historyLine::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
    }

    /** @return how many lines the node printed so far */
    public int lineCount() {
        return process.stdout().lineCount();
    }

    /** @return the lines the node printed so far */
    public List<String> lines() {
        return process.stdout().lines();
    }

    /**
     * @param from a line count taken earlier (see {@link #lineCount()})
     * @return the lines printed since, each with the moment the test harness read it
     */
    public List<TimedLine> timedLinesAfter(int from) {
        return process.stdout().timedLinesAfter(from);
    }

    /** @return everything the node printed so far, one line per line */
    public String output() {
        return process.stdout().text();
    }

    /**
     * Stops the node: SIGTERM (Felix stops the framework in its shutdown hook), and a kill after a grace
     * period. Deletes the copy when it was a temporary one.
     */
    @Override
    public void close() {
        if (process.stop(STOP_GRACE)) {
            killed = true;
        }
        if (deleteHome && !process.isAlive()) {
            TestFiles.deleteTree(home);
        }
    }

    /**
     * Kills the node's JVM with SIGKILL: it says no {@code bye} and closes nothing, as when its host crashes.
     * {@link #close()} still deletes a temporary copy.
     */
    public void kill() {
        process.kill(STOP_GRACE);
    }

    /** @return whether {@link #close()} had to kill the node because SIGTERM did not stop it in time */
    public boolean killed() {
        return killed;
    }
}
