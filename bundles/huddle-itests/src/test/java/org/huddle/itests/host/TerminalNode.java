package org.huddle.itests.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import org.huddle.itests.Await;

/**
 * A Huddle node started from a copy of the unpacked distribution under a real pseudo-terminal, in a tmux
 * session of its own ({@link DistributionNode.Builder#startInTerminal()}): tests type like a person and assert the screen as a person sees it.
 *
 * <p>Why tmux: the terminal console (Gogo on JLine) behaves as it does for people only when it has a real
 * terminal; with pipes JLine falls back to a dumb terminal ({@link DistributionNode} drives the pipe console
 * instead). tmux provides the pseudo-terminal and, being a terminal emulator, renders what the node prints
 * (cursor moves, line editing, redraws) into the screen that {@code capture-pane} returns as text. Each node
 * has a tmux server of its own ({@code -L}, without the user's configuration: {@code -f /dev/null}), so nodes,
 * test runs and the user's own tmux never meet. The pane outlives the node ({@code remain-on-exit}): its last
 * screen and exit status can still be read.
 *
 * <p>The copy is made as for {@link DistributionNode}: without the source's {@code felix-cache}, with the
 * configuration overrides written into {@code load/} and, unless a command prefix is given, the web page on
 * any free port. It is deleted on {@link #close()}.
 *
 * <pre>{@code
 * try (TerminalNode alice = DistributionNode.from(DistributionNode.distribution())
 *         .name("alice")
 *         .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo"))
 *         .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "alice"))
 *         .startInTerminal()) {
 *     alice.awaitScreen(s -> s.contains("g! "), Duration.ofSeconds(30));
 *     alice.typeLine("chat:nick");
 *     alice.awaitLine(l -> l.equals("you are alice"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class TerminalNode implements AutoCloseable {

    /** The terminal's size, that of a roomy terminal window: ordinary lines do not wrap. */
    public static final int COLUMNS = 120;
    public static final int ROWS = 40;

    private static final String SESSION = "huddle";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** For one tmux command: they answer in milliseconds, unless tmux hangs. */
    private static final Duration TMUX_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final String name;
    private final Path home;
    private final String socket;
    private Path socketFile;
    private boolean closed;

    private TerminalNode(String name, Path home, String socket) {
        this.name = name;
        this.home = home;
        this.socket = socket;
    }

    /**
     * Starts {@code bin/huddle} in a new tmux server; {@link DistributionNode.Builder#startInTerminal()} prepares the
     * copy and calls this.
     *
     * @param home        the prepared copy, deleted on {@link #close()}
     * @param launcher    the command: a prefix such as {@code ip netns exec h1}, {@code bin/huddle}, its arguments
     * @param environment the launcher's environment beyond this JVM's
     * @throws IllegalStateException when tmux fails
     */
    static TerminalNode start(String name, Path home, List<String> launcher, Map<String, String> environment) {
        // Short (a socket's path has at most ~100 bytes), and unique among test JVMs running side by side.
        String socket = "huddle-" + name.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + ProcessHandle.current().pid()
                + "-" + SERVERS.incrementAndGet();
        TerminalNode node = new TerminalNode(name, home, socket);
        try {
            // Set before the pane exists, in the same call: history-limit applies to panes created later, and
            // a node that exits at once must still leave its screen behind.
            List<String> command = new ArrayList<>(List.of("start-server", ";",
                    "set-option", "-g", "remain-on-exit", "on", ";",
                    "set-option", "-g", "history-limit", "10000", ";",
                    "new-session", "-d", "-s", SESSION, "-x", String.valueOf(COLUMNS), "-y", String.valueOf(ROWS),
                    "-c", literal(home.toString())));
            environment.forEach((variable, value) -> command.addAll(List.of("-e", literal(variable + "=" + value))));
            // Several words: tmux runs the command itself, no shell in between to quote for.
            launcher.forEach(word -> command.add(literal(word)));
            node.tmux(command);
            node.socketFile = Path.of(node.tmux("display-message", "-p", "#{socket_path}").strip());
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
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

    /** Types the text as it is (no key names; a text starting with '-' too), without Enter. */
    public void type(String text) {
        tmux("send-keys", "-t", SESSION, "-l", "--", literal(text));
    }

    /** Presses Enter. */
    public void enter() {
        key("Enter");
    }

    /** Types the text and presses Enter. */
    public void typeLine(String text) {
        type(text);
        enter();
    }

    /** @param tmuxKey a key as tmux names it, for example {@code C-c}, {@code C-d}, {@code Tab}, {@code Up} */
    public void key(String tmuxKey) {
        tmux("send-keys", "-t", SESSION, tmuxKey);
    }

    /** @return the visible screen, {@value #ROWS} lines; a line the terminal wrapped is one line here */
    public String screen() {
        return tmux("capture-pane", "-p", "-J", "-t", SESSION);
    }

    /** @return the lines scrolled off the screen, then the screen */
    public String scrollback() {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION);
    }

    /** @return the lines of {@link #scrollback()} without trailing blanks, and without the empty rows at the end */
    public List<String> lines() {
        return lines(scrollback());
    }

    /**
     * Waits until the scrollback (screen included) matches; what was printed before the call counts too.
     *
     * @return the scrollback that matched
     * @throws AssertionError with the whole scrollback when it did not match in time, or the node exited
     */
    public String awaitScreen(Predicate<String> match, Duration timeout) {
        return await(text -> match.test(text) ? text : null, timeout, "the terminal to show what was expected");
    }

    /**
     * Waits for a line of {@link #lines()} that matches.
     *
     * @return the first matching line
     * @throws AssertionError with the whole scrollback when no line matched in time, or the node exited
     */
    public String awaitLine(Predicate<String> line, Duration timeout) {
        return await(text -> lines(text).stream().filter(line).findFirst().orElse(null), timeout,
                "a matching line on the terminal");
    }

    /** @return whether the node's process still runs */
    public boolean isAlive() {
        return !closed && pane().exitStatus().isEmpty();
    }

    /** @return empty while the node runs, then its exit status (128 + the signal's number for a signal) */
    public OptionalInt exitStatus() {
        return pane().exitStatus();
    }

    /**
     * Waits until the node exits by itself (after {@code stop 0}, say).
     *
     * @return its exit status, see {@link #exitStatus()}
     * @throws AssertionError with the whole scrollback when it still runs after the timeout
     */
    public int awaitExit(Duration timeout) {
        try {
            return Await.value(timeout, () -> {
                OptionalInt status = exitStatus();
                return status.isPresent() ? status.getAsInt() : null;
            }, "node " + name + " to exit");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; its terminal:\n" + scrollbackOrWhy(), e);
        }
    }

    /**
     * Stops the node as {@link DistributionNode#close()} does (SIGTERM, so that Felix stops the framework in its
     * shutdown hook, and SIGKILL after a grace period), then its tmux server, and deletes the copy. Safe to call
     * again, and after a failed start.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Pane pane = pane();
            // Only while tmux has no exit status: once it has one, the pid may be another process's.
            if (pane.exitStatus().isEmpty()) {
                ProcessHandle.of(pane.pid()).ifPresent(this::stop);
            }
        } catch (RuntimeException e) {
            // no tmux server (the start failed): nothing runs
        } finally {
            try {
                tmux("kill-server");
            } catch (IllegalStateException e) {
                // no server running
            }
            if (socketFile != null) {
                socketFile.toFile().delete(); // tmux leaves it behind
            }
            TestFiles.deleteTree(home);
        }
    }

    private void stop(ProcessHandle process) {
        // A command prefix (ip netns exec, a shell) may have children: ask them all.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            // Ask tmux, not the handle: the JVM that exited stays a zombie until tmux reaps it.
            Await.until(STOP_GRACE, () -> pane().exitStatus().isPresent(), "node " + name + " to stop");
        } catch (AssertionError e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The pane's process: its pid, and its exit status once tmux has it. */
    private record Pane(long pid, OptionalInt exitStatus) {
    }

    private Pane pane() {
        String format = "#{pane_pid}|#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}";
        String[] pane = tmux("display-message", "-p", "-t", SESSION, format).strip().split("\\|", -1);
        if (pane[1].equals("1") && pane[2].isEmpty() && pane[3].isEmpty()) {
            // Its terminal closed, yet tmux has no exit status: a tmux built with libutempter (Debian's) can miss
            // the SIGCHLD of a pane's process (tmux issue #311), which then stays a zombie. A child of tmux's own
            // that exits makes it reap them all.
            tmux("run-shell", "true");
            pane = tmux("display-message", "-p", "-t", SESSION, format).strip().split("\\|", -1);
        }
        OptionalInt status = !pane[2].isEmpty() ? OptionalInt.of(Integer.parseInt(pane[2]))
                : !pane[3].isEmpty() ? OptionalInt.of(128 + Integer.parseInt(pane[3])) : OptionalInt.empty();
        return new Pane(Long.parseLong(pane[0]), status);
    }

    /** Polls the scrollback until {@code probe} finds something; fails early once the node exited. */
    private <T> T await(Function<String, T> probe, Duration timeout, String what) {
        record Poll<T>(String text, T found, OptionalInt status) {
        }
        Poll<T> poll;
        try {
            poll = Await.value(timeout, () -> {
                // Asked before the capture: once the node exited, the capture holds its final screen.
                OptionalInt status = exitStatus();
                String text = scrollback();
                T found = probe.apply(text);
                return found != null || status.isPresent() ? new Poll<>(text, found, status) : null;
            }, what + " (node " + name + ")");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; its terminal:\n" + scrollbackOrWhy(), e);
        }
        if (poll.found() == null) {
            throw new AssertionError("node " + name + " exited (status " + poll.status().getAsInt() + ") before "
                    + what + "; its terminal:\n" + poll.text());
        }
        return poll.found();
    }

    private String scrollbackOrWhy() {
        try {
            return scrollback();
        } catch (RuntimeException e) {
            return "(cannot be read: " + e.getMessage() + ")";
        }
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.stream(text.split("\n", -1)).map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** tmux ends a command at an argument that ends in ';' (and drops the ';'); "\;" there stands for ';'. */
    private static String literal(String argument) {
        return argument.endsWith(";") ? argument.substring(0, argument.length() - 1) + "\\;" : argument;
    }

    private String tmux(String... args) {
        return tmux(List.of(args));
    }

    /**
     * Runs one tmux command against this node's server.
     *
     * @return what it printed
     * @throws IllegalStateException naming the command and what tmux said, when it fails or hangs
     */
    private String tmux(List<String> args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            // Files, not pipes: no reader threads, and no full pipe that blocks tmux while we wait for it.
            out = Files.createTempFile("huddle-tmux-", ".out");
            err = Files.createTempFile("huddle-tmux-", ".err");
            Process process = new ProcessBuilder(command).redirectInput(Path.of("/dev/null").toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TMUX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + TMUX_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit status " + process.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + " (is tmux installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            for (Path file : new Path[] {out, err}) {
                if (file != null) {
                    file.toFile().delete();
                }
            }
        }
    }
}
