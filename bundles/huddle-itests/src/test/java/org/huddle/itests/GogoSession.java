package org.huddle.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * A Gogo session with in-memory streams, as a console would have: runs one command line at a time and
 * returns everything it produced, the formatted result and what was printed.
 */
public final class GogoSession implements AutoCloseable {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandSession session;
    private int outSeen;

    public GogoSession(CommandProcessor processor) {
        PrintStream printOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream printErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        this.session = processor.createSession(new ByteArrayInputStream(new byte[0]), printOut, printErr);
    }

    /**
     * What one command line produced.
     *
     * @param command   the command line
     * @param text      the result as the shell would print it, then what the command printed to the console
     * @param exception what the command threw, or {@code null}
     */
    public record Result(String command, String text, Exception exception) {

        /** @return the non-blank lines of {@link #text} */
        public List<String> lines() {
            return Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
        }

        /** @return whether the command worked: nothing thrown, and no line says {@code error:} */
        public boolean ok() {
            return exception == null && lines().stream().noneMatch(l -> l.startsWith("error:"));
        }

        @Override
        public String toString() {
            return "g! " + command + "\n" + text + (exception == null ? "" : "\nthrew " + exception);
        }
    }

    /**
     * Runs a command line.
     *
     * @param command for example {@code chat:join lobby}
     * @return what it produced; never throws for a failing command
     */
    public synchronized Result run(String command) {
        Object value = null;
        Exception exception = null;
        try {
            value = session.execute(command);
        } catch (Exception e) {
            exception = e;
        }
        StringBuilder text = new StringBuilder();
        if (value != null) {
            try {
                text.append(session.format(value, Converter.INSPECT)).append('\n');
            } catch (Exception e) {
                text.append(value).append('\n');
            }
        }
        text.append(newOutput());
        return new Result(command, text.toString(), exception);
    }

    /** @return what was printed to the session's console (stdout and stderr) since the last call */
    public synchronized String newOutput() {
        String all = out.toString(StandardCharsets.UTF_8);
        String fresh = all.substring(outSeen);
        outSeen = all.length();
        String errors = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return fresh + errors;
    }

    /** @return everything printed to the session's console so far */
    public String console() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        session.close();
    }
}
