package org.huddle.itests;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, polling. Tests use this instead of sleeping a fixed time: a
 * fixed sleep is either too short on a slow machine or a waste of time on a fast one. It is the one place in
 * these tests that waits with a deadline: the helpers that wait for a process's lines, a datagram, a line of
 * an event stream or a listening port poll through it too.
 *
 * <p>What is polled may throw: a {@link RuntimeException} counts as "not yet" (and is named in the failure
 * should the deadline pass); an {@link AssertionError} ends the wait at once, for a poll that knows nothing
 * more will come (the process exited, an error was answered).
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
        until(timeout, condition, () -> what);
    }

    /**
     * {@link #until(Duration, Supplier, String)} with the failure message made when it fails, for one that shows
     * what was there at the end (the lines printed so far, the datagrams received).
     */
    public static void until(Duration timeout, Supplier<Boolean> condition, Supplier<String> what) {
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
        return value(timeout, supplier, () -> what);
    }

    /**
     * {@link #value(Duration, Supplier, String)} with the failure message made when it fails, for one that shows
     * what was there at the end (the lines printed so far, the datagrams received).
     */
    public static <T> T value(Duration timeout, Supplier<T> supplier, Supplier<String> what) {
        Polled<T> polled = poll(timeout, supplier, what);
        if (polled.value() != null) {
            return polled.value();
        }
        AssertionError failure = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                + what.get() + (polled.last() == null ? "" : " (last error: " + polled.last() + ")"));
        if (polled.last() != null) {
            failure.initCause(polled.last());
        }
        throw failure;
    }

    /**
     * Repeats an action until a condition holds: for traffic that may be lost while something is still
     * coming up (a transport being bound, a peer joining), each attempt sending something new.
     *
     * @param timeout  how long to keep trying
     * @param interval how long to wait for the condition after each attempt
     * @param attempt  called with 1, 2, 3, ... ; a {@link RuntimeException} it throws counts as a failed attempt,
     *                 an {@link AssertionError} ends the wait
     * @param done     polled between attempts
     * @param what     what was awaited, for the failure message
     */
    public static void retrying(Duration timeout, Duration interval, IntConsumer attempt, Supplier<Boolean> done,
            String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        for (int i = 1;; i++) {
            try {
                attempt.accept(i);
            } catch (RuntimeException e) {
                last = e;
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (poll(left.compareTo(interval) < 0 ? left : interval,
                    () -> Boolean.TRUE.equals(done.get()) ? Boolean.TRUE : null, () -> what).value() != null) {
                return;
            }
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

    /**
     * Asserts that a condition holds all through {@code quiet}: the one wait that always runs to its end, since
     * it proves that something does not happen. Keep {@code quiet} short, and start it once a witness has shown
     * that what is not to be seen was sent (or was seen elsewhere).
     *
     * @param quiet     how long the condition must hold
     * @param condition polled until {@code quiet} is over; an exception it throws ends the wait with it
     * @param what      what must hold, for the failure message
     * @throws AssertionError as soon as the condition does not hold
     */
    public static void throughout(Duration quiet, Supplier<Boolean> condition, String what) {
        throughout(quiet, condition, () -> what);
    }

    /**
     * {@link #throughout(Duration, Supplier, String)} with the failure message made when it fails, for one that
     * shows what was seen.
     */
    public static void throughout(Duration quiet, Supplier<Boolean> condition, Supplier<String> what) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (true) {
            if (!condition.get()) {
                throw new AssertionError("expected " + what.get() + " for " + quiet.toMillis() + " ms");
            }
            if (System.nanoTime() - deadline >= 0) {
                return;
            }
            pause(() -> "interrupted while making sure of " + what.get());
        }
    }

    /** What {@link #poll} found: the value, or {@code null} and the last exception when the time was up. */
    private record Polled<T>(T value, RuntimeException last) {
    }

    private static <T> Polled<T> poll(Duration timeout, Supplier<T> supplier, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = supplier.get();
                if (value != null) {
                    return new Polled<>(value, null);
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Polled<>(null, last);
            }
            pause(() -> "interrupted while waiting for " + what.get());
        }
    }

    private static void pause(Supplier<String> interrupted) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted.get(), e);
        }
    }
}
