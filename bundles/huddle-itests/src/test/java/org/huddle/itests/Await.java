package org.huddle.itests;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, polling. Tests use this instead of sleeping a fixed time: a
 * fixed sleep is either too short on a slow machine or a waste of time on a fast one.
 */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Returns as soon as the condition holds; fails with {@code what} when it did not hold by the deadline.
     *
     * @param timeout   how long to wait at most
     * @param condition polled until it returns {@code true}; an exception it throws counts as {@code false}
     * @param what      what was awaited, for the failure message (for example "the peer's message")
     */
    public static void until(Duration timeout, Supplier<Boolean> condition, String what) {
        value(timeout, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null, what);
    }

    /**
     * Returns the first non-null value the supplier gives, failing when none came by the deadline.
     *
     * @param timeout  how long to wait at most
     * @param supplier polled until it returns non-null; an exception it throws counts as {@code null}
     * @param what     what was awaited, for the failure message
     * @param <T>      the value's type
     * @return the value
     */
    public static <T> T value(Duration timeout, Supplier<T> supplier, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = supplier.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + (last == null ? "" : " (last error: " + last + ")"));
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * Repeats an action until a condition holds: for traffic that may be lost while something is still
     * coming up (a transport being bound, a peer joining), each attempt sending something new.
     *
     * @param timeout  how long to keep trying
     * @param interval how long to wait for the condition after each attempt
     * @param attempt  called with 1, 2, 3, ... ; an exception it throws counts as a failed attempt
     * @param done     polled between attempts
     * @param what     what was awaited, for the failure message
     */
    public static void retrying(Duration timeout, Duration interval, java.util.function.IntConsumer attempt,
            Supplier<Boolean> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        for (int i = 1;; i++) {
            try {
                attempt.accept(i);
            } catch (RuntimeException e) {
                last = e;
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                until(left.compareTo(interval) < 0 ? left : interval, done, what);
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() - deadline >= 0) {
                    AssertionError failure = new AssertionError("timed out after " + timeout.toMillis()
                            + " ms and " + i + " attempts waiting for " + what
                            + (last == null ? "" : " (last attempt failed: " + last + ")"));
                    if (last != null) {
                        failure.initCause(last);
                    }
                    throw failure;
                }
            }
        }
    }
}
