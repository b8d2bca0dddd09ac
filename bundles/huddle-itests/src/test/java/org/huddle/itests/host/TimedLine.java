package org.huddle.itests.host;

/**
 * A line a process printed, with the moment the test harness read it. Lines of all processes a test runs
 * are stamped by the one JVM that reads them, on one clock, so the stamps of two nodes compare: the time
 * from a sender showing its own message to a receiver showing it is a latency measured on one clock.
 *
 * @param text      the line, without its line break
 * @param nanoTime  {@link System#nanoTime()} when the line was read from the pipe
 */
public record TimedLine(String text, long nanoTime) {
}
