package org.huddle.itests.host;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One of the programs Huddle grew out of (shared/seeds), run as a process from its script in
 * {@code src/test/resources/origin}: the backchannel Ruby chat, the PyMOTW multicast receiver and sender, the
 * peer-discovery listener and caster in Node and stand-ins for their Rust versions, and the
 * {@code send_datagram.py} tool. Each script says in its header what it keeps of the original (everything
 * on the wire, and how it fails) and what it changes (only the user interface).
 *
 * <p>The scripts are read from the test classpath ({@code target/test-classes/origin} in a Maven build), so
 * they come with every clone; the interpreter is chosen by the file's ending ({@code ruby}, {@code python3},
 * {@code node}, looked up on the PATH; {@code .ci/run} installs them). stdout and stderr are collected apart:
 * stderr is where a backchannel client says that its receive thread died.
 *
 * <pre>{@code
 * try (OriginProgram carol = OriginProgram.script("backchannel.rb").name("carol@h3")
 *         .commandPrefix(lan.hostCommandPrefix(3)).arguments("carol").start()) {
 *     carol.awaitLine(l -> l.startsWith("ready "), Duration.ofSeconds(10));
 *     carol.send("hello");
 * }
 * }</pre>
 */
public final class OriginProgram implements AutoCloseable {

    /** Where the scripts are on the test classpath. */
    public static final String SCRIPTS = "origin/";

    private static final Map<String, String> INTERPRETERS = Map.of(".rb", "ruby", ".py", "python3", ".js", "node");
    /** Every script ends at SIGTERM at once; the grace is for a loaded machine. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final PipedProcess process;

    private OriginProgram(String name, PipedProcess process) {
        this.name = name;
        this.process = process;
    }

    /**
     * @param script a file name in {@code src/test/resources/origin}, for example {@code backchannel.rb}
     * @return a builder for a process running it
     */
    public static Builder script(String script) {
        return new Builder(script);
    }

    /** Sets up a program before it starts. */
    public static final class Builder {

        private final String script;
        private final List<String> commandPrefix = new ArrayList<>();
        private final List<String> arguments = new ArrayList<>();
        private String name;

        private Builder(String script) {
            this.script = script;
            this.name = script;
        }

        /**
         * @param name for thread names and failure messages, for example {@code carol@h3}
         * @return this
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param prefix a command to run the interpreter through, for example
         *               {@link NamespaceLan#hostCommandPrefix(int)}
         * @return this
         */
        public Builder commandPrefix(String... prefix) {
            commandPrefix.clear();
            commandPrefix.addAll(List.of(prefix));
            return this;
        }

        /**
         * @param arguments the script's command line arguments
         * @return this
         */
        public Builder arguments(String... arguments) {
            this.arguments.clear();
            this.arguments.addAll(List.of(arguments));
            return this;
        }

        /**
         * Starts {@code [prefix] <interpreter> <script> [arguments]}.
         *
         * @return the running program
         * @throws IOException when the process cannot be started
         */
        public OriginProgram start() throws IOException {
            List<String> command = new ArrayList<>(commandPrefix);
            command.add(interpreter(script));
            command.add(scriptFile(script).toString());
            command.addAll(arguments);
            String label = script + " " + name;
            return new OriginProgram(label, PipedProcess.start(new ProcessBuilder(command), label));
        }
    }

    /**
     * @param script a file name in {@code src/test/resources/origin}
     * @return the script's file
     * @throws AssertionError when the test classpath has no such file (or has it inside a jar)
     */
    public static Path scriptFile(String script) {
        URL url = OriginProgram.class.getClassLoader().getResource(SCRIPTS + script);
        if (url == null || !url.getProtocol().equals("file")) {
            throw new AssertionError(SCRIPTS + script + " is not a file on the test classpath (" + url
                    + "): the scripts live in bundles/huddle-itests/src/test/resources/origin");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError("cannot tell the file of " + url, e);
        }
    }

    private static String interpreter(String script) {
        return INTERPRETERS.entrySet().stream()
                .filter(e -> script.endsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no interpreter known for " + script
                        + "; scripts end in one of " + INTERPRETERS.keySet()));
    }

    /** @return the script and the name given to it, for messages */
    public String name() {
        return name;
    }

    /** @return whether the process still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Writes one line to the program's stdin: what a person would type (a backchannel client sends it).
     *
     * @param line without a line break
     */
    public void send(String line) {
        process.send(line);
    }

    /**
     * Waits for a line on stdout that matches; lines printed before the call count too.
     *
     * @throws AssertionError with both streams when no line matched in time, or the program exited
     */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        return awaitLineAfter(0, match, timeout);
    }

    /**
     * Waits for a matching stdout line among those printed from index {@code from} on (see {@link #lineCount()}).
     *
     * @throws AssertionError with both streams when no line matched in time, or the program exited
     */
    public String awaitLineAfter(int from, Predicate<String> match, Duration timeout) {
        return process.stdout().awaitLineAfter(from, match, timeout);
    }

    /**
     * Waits for a line on stderr that matches, for example Ruby's report of a dying thread.
     *
     * @throws AssertionError with both streams when no line matched in time, or the program exited
     */
    public String awaitErrorLine(Predicate<String> match, Duration timeout) {
        return errors().awaitLineAfter(0, match, timeout);
    }

    /** @return how many lines it printed on stdout so far */
    public int lineCount() {
        return process.stdout().lineCount();
    }

    /** @return the lines it printed on stdout so far */
    public List<String> lines() {
        return process.stdout().lines();
    }

    /** @return the lines it printed on stderr so far */
    public List<String> errorLines() {
        return errors().lines();
    }

    /** @return both streams so far, labelled, for failure messages */
    public String output() {
        return name + " (alive: " + isAlive() + "), " + process.report();
    }

    /**
     * Waits for the program to end by itself (a sender that is done, a listener that crashed).
     *
     * @return its exit code
     * @throws AssertionError with both streams when it still runs after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still runs after " + timeout.toMillis() + " ms; " + process.report());
            }
            // Its last lines, which a test usually wants to look at next.
            process.stdout().awaitEnd(STOP_GRACE);
            errors().awaitEnd(STOP_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name + " to exit", e);
        }
        return process.process().exitValue();
    }

    private ProcessOutput errors() {
        return process.stderr().orElseThrow(() -> new IllegalStateException("stderr of " + name + " is merged"));
    }

    /** Ends the program (SIGTERM, then SIGKILL after a grace period); harmless when it already ended. */
    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
