package org.huddle.itests.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.huddle.itests.Await;

/**
 * The lines a process prints on one stream, read by a thread of their own as they come (so a full pipe
 * never blocks the process), kept with the moment each was read ({@link TimedLine}), and waited for with
 * deadlines.
 */
final class ProcessOutput {

    private final String source;
    private final Supplier<String> report;
    private final Thread reader;
    private final List<TimedLine> lines = new ArrayList<>();

    /**
     * @param in     the stream, read until its end
     * @param source who prints, for failure messages and the reader thread's name (for example
     *               {@code node alice})
     * @param report what a failed wait should show after the reason (for example everything the process
     *               printed, on every stream)
     */
    ProcessOutput(InputStream in, String source, Supplier<String> report) {
        this.source = source;
        this.report = report;
        this.reader = new Thread(() -> read(in), source + " output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits for a matching line among those printed from index {@code from} on (see {@link #lineCount()}).
     *
     * @return the first matching line
     * @throws AssertionError with the report when no line matched in time, or the stream ended first
     */
    String awaitLineAfter(int from, Predicate<String> match, Duration timeout) {
        int[] checked = { from };
        return Await.value(timeout, () -> {
            // Asked before the lines are looked at: once the reader has ended, every line is in.
            boolean ended = !reader.isAlive();
            synchronized (lines) {
                for (; checked[0] < lines.size(); checked[0]++) {
                    String line = lines.get(checked[0]).text();
                    if (match.test(line)) {
                        return line;
                    }
                }
            }
            if (ended) {
                throw new AssertionError(source + " exited waiting for a line from " + source + "; " + report.get());
            }
            return null;
        }, () -> "a line from " + source + "; " + report.get());
    }

    /** @return how many lines were printed so far */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** @return the lines printed so far */
    List<String> lines() {
        synchronized (lines) {
            return lines.stream().map(TimedLine::text).toList();
        }
    }

    /** @return the lines printed from index {@code from} on, each with the moment it was read */
    List<TimedLine> timedLinesAfter(int from) {
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
        }
    }

    /** @return everything printed so far, one line per line */
    String text() {
        return String.join("\n", lines());
    }

    /** Waits until the stream has ended (the process exited and the last line was read), at most {@code timeout}. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
    }

    private void read(InputStream in) {
        try (BufferedReader text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = text.readLine(); line != null; line = text.readLine()) {
                // Stamped before taking the lock, so a test looking at the lines does not delay the stamp.
                TimedLine timed = new TimedLine(line, System.nanoTime());
                synchronized (lines) {
                    lines.add(timed);
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                lines.add(new TimedLine("(reading the output failed: " + e + ")", System.nanoTime()));
            }
        }
    }
}
