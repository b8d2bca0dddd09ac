package org.huddle.itests.karaf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.huddle.itests.Await;
import org.huddle.itests.host.TestFiles;

/**
 * A stock Apache Karaf, unpacked from its distribution archive into a directory of its own, with its local
 * console ({@code bin/karaf}) run under a pseudo-terminal ({@code script} from util-linux), typed into and
 * read the way a person at a terminal would.
 *
 * <p>Karaf's console is a jline shell: it echoes and redraws what is typed, prints prompts without a line
 * end, and colours its output. The output is kept as <em>segments</em>: each physical line with the terminal
 * escape sequences removed, backspaces applied, and split at carriage returns (jline returns to the start
 * of the line before it prints above the prompt), with trailing blanks removed. A command's answer or an
 * incoming chat line is one such segment.
 *
 * <p>Before it starts, the copy is configured so that nothing leaves the machine: every Karaf listener
 * binds to the loopback address (SSH on 8101, JMX/RMI on 1099 and 44444 — also run it in a network
 * namespace), and Karaf's Maven resolver (pax-url-mvn) reads only its own {@code system/} folder and a given
 * local directory in Maven repository layout, never a remote repository.
 */
final class KarafNode implements AutoCloseable {

    /** The prompt of Karaf's local console, user {@code karaf} in the root instance. */
    static final String PROMPT = "karaf@root()>";

    private static final Pattern ESCAPES = Pattern.compile(
            // CSI: ESC [ parameters intermediates final
            "\u001B\\[[0-?]*[ -/]*[@-~]"
            // OSC: ESC ] ... BEL or ESC \
            + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)"
            // two-character sequences (ESC = keypad, ESC > ...) and character set selections (ESC ( B)
            + "|\u001B[ -/]*[0-~]");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Path home;
    private final Process process;
    private final OutputStream stdin;
    private final Thread reader;
    private final List<String> segments = new ArrayList<>();
    /** The current physical line, not ended yet (a prompt, or what is being typed). */
    private final StringBuilder pending = new StringBuilder();

    private KarafNode(String name, Path home, Process process) {
        this.name = name;
        this.home = home;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::readOutput, "karaf " + name + " output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Unpacks a Karaf distribution archive ({@code apache-karaf-<version>.tar.gz}) into {@code directory},
     * confined to loopback listeners and to the given Maven repository, and starts its console.
     *
     * @param name          for messages and thread names
     * @param archive       the distribution archive
     * @param directory     an empty or not yet existing directory
     * @param repository    a directory in Maven repository layout, searched after Karaf's {@code system/}
     * @param commandPrefix put before the start command, for example {@code ip netns exec <host>}
     * @return the running node
     * @throws IOException when unpacking, configuring or starting fails
     */
    static KarafNode start(String name, Path archive, Path directory, Path repository, List<String> commandPrefix)
            throws IOException {
        Files.createDirectories(directory);
        run(List.of("tar", "xzf", archive.toString(), "-C", directory.toString(), "--strip-components=1"));
        Path home = directory.toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/karaf"))) {
            throw new IOException(archive + " holds no bin/karaf at its first level");
        }
        confine(home, repository);

        List<String> command = new ArrayList<>(commandPrefix);
        // script gives Karaf a terminal (without one its console reads nothing); a wide one, so that jline
        // does not wrap the lines it echoes.
        command.addAll(List.of("script", "--quiet", "--flush", "--return", "--command",
                "stty cols 250 rows 50; exec " + shellQuote(home.resolve("bin/karaf").toString()), "/dev/null"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TERM", "xterm");
        for (String variable : List.of("KARAF_HOME", "KARAF_BASE", "KARAF_DATA", "KARAF_ETC", "KARAF_OPTS",
                "EXTRA_JAVA_OPTS", "JAVA_OPTS")) {
            builder.environment().remove(variable);
        }
        return new KarafNode(name, home, builder.start());
    }

    /** Loopback-only listeners, and Maven artifacts from {@code system/} and {@code repository} only. */
    private static void confine(Path home, Path repository) throws IOException {
        Path etc = home.resolve("etc");
        TestFiles.setCfg(etc.resolve("org.apache.karaf.shell.cfg"), Map.of("sshHost", "127.0.0.1"));
        TestFiles.setCfg(etc.resolve("org.apache.karaf.management.cfg"),
                Map.of("rmiRegistryHost", "127.0.0.1", "rmiServerHost", "127.0.0.1", "jmxmpHost", "127.0.0.1"));
        String uri = repository.toAbsolutePath().toUri().toString();
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "# Written by KarafNode: Karaf's own system/ folder, then the repository the build filled; no",
                "# remote repository, and a local repository of this copy's own (not ~/.m2).",
                "org.ops4j.pax.url.mvn.localRepository = ${karaf.data}/repository",
                "org.ops4j.pax.url.mvn.defaultRepositories = \\",
                "    ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, \\",
                "    ${karaf.data.uri}kar@id=kar.repository@multi@snapshots, \\",
                "    " + uri + "@id=huddle.build@snapshots",
                "org.ops4j.pax.url.mvn.repositories =",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                ""), StandardCharsets.UTF_8);
    }

    /** @return the Karaf installation of this node */
    Path home() {
        return home;
    }

    /** @return whether Karaf (the script around it) is still running */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Types a command line and Enter.
     *
     * @param line for example {@code feature:install huddle}
     */
    void type(String line) {
        try {
            stdin.write((line + "\r").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot type '" + line + "' into Karaf " + name + "; its output:\n"
                    + output(), e);
        }
    }

    /** @return how many segments were printed so far; pass it to {@link #await} to see only later ones */
    int mark() {
        synchronized (segments) {
            return segments.size();
        }
    }

    /**
     * Waits for a segment printed at or after {@code from} that matches.
     *
     * @return the segment
     * @throws AssertionError with the output when none came in time, or Karaf exited
     */
    String await(int from, Predicate<String> match, Duration timeout, String what) {
        int[] checked = { from };
        return Await.value(timeout, () -> {
            // Asked before the segments are looked at: once the reader has ended, every segment is in.
            boolean ended = !reader.isAlive();
            synchronized (segments) {
                for (; checked[0] < segments.size(); checked[0]++) {
                    if (match.test(segments.get(checked[0]))) {
                        return segments.get(checked[0]);
                    }
                }
            }
            if (ended) {
                throw new AssertionError("Karaf exited waiting for " + what + " from Karaf " + name + "\n" + report());
            }
            return null;
        }, () -> what + " from Karaf " + name + "\n" + report());
    }

    /**
     * Waits until the console shows its prompt (also while the prompt line is not ended).
     *
     * @throws AssertionError when it did not in time
     */
    void awaitPrompt(Duration timeout) {
        Await.until(timeout, () -> {
            boolean ended = !reader.isAlive();
            synchronized (segments) {
                if (pending.toString().contains(PROMPT) || segments.stream().anyMatch(s -> s.contains(PROMPT))) {
                    return true;
                }
            }
            if (ended) {
                throw new AssertionError("Karaf exited waiting for the prompt of Karaf " + name + "\n" + report());
            }
            return false;
        }, () -> "the prompt of Karaf " + name + "\n" + report());
    }

    /** @return the segments printed so far */
    List<String> segments() {
        synchronized (segments) {
            return List.copyOf(segments);
        }
    }

    /**
     * @return what the console printed so far, one segment per line, without the prompt-only ones and
     *         jline's {@code ~} filler lines
     */
    String output() {
        List<String> shown = new ArrayList<>();
        for (String s : segments()) {
            if (!s.isBlank() && !s.strip().equals(PROMPT) && !s.strip().equals("~")) {
                shown.add(s);
            }
        }
        return String.join("\n", shown);
    }

    /** @return the console output and the end of Karaf's log, for failure messages */
    String report() {
        StringBuilder sb = new StringBuilder("--- console of Karaf ").append(name).append(" (alive: ")
                .append(isAlive()).append(") ---\n").append(output());
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            sb.append("\n--- last lines of ").append(log).append(" ---\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        } catch (IOException | UncheckedIOException e) {
            sb.append("\n(no log: ").append(e).append(')');
        }
        return sb.toString();
    }

    /**
     * Shuts Karaf down ({@code system:shutdown -f}), killing it after a grace period, and deletes the
     * installation.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                type("system:shutdown -f");
            }
        } catch (UncheckedIOException gone) {
            // stopped already
        }
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            reader.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
        if (!process.isAlive()) {
            TestFiles.deleteTree(home);
        }
    }

    private void readOutput() {
        StringBuilder line = new StringBuilder();
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (segments) {
                    for (int i = 0; i < n; i++) {
                        char c = buffer[i];
                        if (c == '\n') {
                            segments.addAll(segmentsOf(line.toString()));
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                    pending.setLength(0);
                    pending.append(String.join("", segmentsOf(line.toString())));
                }
            }
        } catch (IOException e) {
            synchronized (segments) {
                segments.add("(reading the console failed: " + e + ")");
            }
        } finally {
            synchronized (segments) {
                segments.addAll(segmentsOf(line.toString()));
            }
        }
    }

    /** One physical line as segments: no escape sequences, backspaces applied, split at carriage returns. */
    static List<String> segmentsOf(String raw) {
        String text = ESCAPES.matcher(raw).replaceAll("");
        List<String> result = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                add(result, segment);
            } else if (c == '\b') {
                if (segment.length() > 0) {
                    segment.setLength(segment.length() - 1);
                }
            } else if (c >= ' ' || c == '\t') {
                segment.append(c);
            }
        }
        add(result, segment);
        return result;
    }

    private static void add(List<String> result, StringBuilder segment) {
        String s = segment.toString().stripTrailing();
        if (!s.isEmpty()) {
            result.add(s);
        }
        segment.setLength(0);
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** @return whether util-linux's {@code script} can be run */
    static boolean scriptAvailable() {
        try {
            run(List.of("script", "--version"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile())).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the exit code tells
            }
        }, "drain " + command.get(0));
        drain.setDaemon(true);
        drain.start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            drain.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("`" + String.join(" ", command) + "` exited with " + p.exitValue() + ": "
                    + out.toString(StandardCharsets.UTF_8).strip());
        }
    }
}
