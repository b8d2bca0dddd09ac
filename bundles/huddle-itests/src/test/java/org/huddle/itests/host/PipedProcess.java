package org.huddle.itests.host;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process driven through its pipes, as a person at its terminal would drive it: lines written to its
 * stdin, the lines it prints collected as they come (stdout, and stderr apart unless the builder merged
 * it), and a stop that ends it (and whatever it started) for sure. What {@link DistributionNode} and
 * {@link OriginProgram} have in common.
 */
final class PipedProcess {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final ProcessOutput stdout;
    /** Empty when the builder redirected stderr into stdout. */
    private final Optional<ProcessOutput> stderr;

    private PipedProcess(String name, Process process, boolean mergedStderr) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdout = new ProcessOutput(process.getInputStream(), name, this::report);
        this.stderr = mergedStderr ? Optional.empty()
                : Optional.of(new ProcessOutput(process.getErrorStream(), name + " (stderr)", this::report));
    }

    /**
     * @param builder the command, with {@code redirectErrorStream} set when stderr is to be read as part of
     *                stdout
     * @param name    who this is, for thread names and failure messages (for example {@code node alice})
     * @return the started process
     * @throws IOException when it cannot be started
     */
    static PipedProcess start(ProcessBuilder builder, String name) throws IOException {
        return new PipedProcess(name, builder.start(), builder.redirectErrorStream());
    }

    /** @return the lines printed on stdout (with stderr's, when merged) */
    ProcessOutput stdout() {
        return stdout;
    }

    /** @return the lines printed on stderr, empty when merged into stdout */
    Optional<ProcessOutput> stderr() {
        return stderr;
    }

    /** @return whether the process still runs */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process, for its exit code */
    Process process() {
        return process;
    }

    /**
     * Writes one line (and a line break) to the process's stdin.
     *
     * @throws UncheckedIOException when the process no longer reads it, with what it printed
     */
    void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + line + "' to " + name + "; " + report(), e);
        }
    }

    /** Closes stdin, as the end of a piped script does. */
    void endInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the input of " + name, e);
        }
    }

    /**
     * Everything it printed so far, for failure messages.
     *
     * @return {@code its output:} and the lines, or with stderr apart {@code its stdout:} and {@code its
     *         stderr:} sections
     */
    String report() {
        return stderr.map(err -> "its stdout:\n" + stdout.text() + "\nits stderr:\n" + err.text())
                .orElseGet(() -> "its output:\n" + stdout.text());
    }

    /**
     * Stops the process and everything it started: SIGTERM, and SIGKILL after {@code grace}; then waits
     * for the last lines to be read.
     *
     * @return whether it had to be killed because SIGTERM did not stop it in time
     */
    boolean stop(Duration grace) {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        boolean killed = false;
        // A prefix command (ip netns exec, a shell) may have children; ask them all to stop.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
            awaitOutputEnd(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return killed;
    }

    /**
     * Kills the process and everything it started with SIGKILL, as a crash or a power cut would end it: no
     * shutdown hook runs. Then waits for the last lines to be read.
     */
    void kill(Duration grace) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            awaitOutputEnd(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitOutputEnd(Duration grace) throws InterruptedException {
        stdout.awaitEnd(grace);
        if (stderr.isPresent()) {
            stderr.get().awaitEnd(grace);
        }
    }
}
