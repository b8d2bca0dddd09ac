package org.huddle.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The unit tests' one way of waiting: poll a condition until it holds or a deadline passes (the
 * same contract as huddle-itests' {@code Await}). Never a fixed sleep for something that will happen: a
 * fixed sleep is either too short on a slow, busy machine or a waste of time on a fast one.
 */
public final class Await {

    /** The deadline for anything these tests wait for, unless a call says otherwise; far above the usual wait. */
    public static final Duration DEADLINE = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** {@link #until(Duration, Supplier, Supplier)} with the module's {@link #DEADLINE}. */
    public static void until(Supplier<Boolean> condition, String what) {
        until(DEADLINE, condition, () -> what);
    }

    /**
     * Returns as soon as the condition holds; fails with {@code what} when it did not hold by the deadline.
     *
     * @param timeout   how long to wait at most
     * @param condition polled until it returns {@code true}; an exception it throws counts as {@code false}
     * @param what      what was awaited, for the failure message
     */
    public static void until(Duration timeout, Supplier<Boolean> condition, String what) {
        until(timeout, condition, () -> what);
    }

    /** As {@link #until(Duration, Supplier, String)}, the message written when it fails (to show the state then). */
    public static void until(Duration timeout, Supplier<Boolean> condition, Supplier<String> what) {
        value(timeout, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null, what);
    }

    /** {@link #value(Duration, Supplier, Supplier)} with the module's {@link #DEADLINE}. */
    public static <T> T value(Supplier<T> supplier, String what) {
        return value(DEADLINE, supplier, () -> what);
    }

    /** As {@link #value(Duration, Supplier, Supplier)}, with a fixed message. */
    public static <T> T value(Duration timeout, Supplier<T> supplier, String what) {
        return value(timeout, supplier, () -> what);
    }

    /**
     * Returns the first non-null value the supplier gives, failing when none came by the deadline.
     *
     * @param timeout  how long to wait at most
     * @param supplier polled until it returns non-null; an exception it throws counts as {@code null}
     * @param what     what was awaited, for the failure message (asked for only then)
     * @param <T>      the value's type
     * @return the value
     */
    public static <T> T value(Duration timeout, Supplier<T> supplier, Supplier<String> what) {
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
                        + what.get() + (last == null ? "" : " (last error: " + last + ")"));
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            sleep(what);
        }
    }

    /**
     * Takes elements off a queue until one is wanted, within the deadline: for listeners that record
     * everything while a test waits for one thing among them.
     *
     * @param queue   what a listener recorded
     * @param wanted  which element is awaited; the others are taken and named in the failure message
     * @param timeout how long to wait at most
     * @param what    what was awaited, for the failure message
     * @param <T>     the elements' type
     * @return the first wanted element
     */
    public static <T> T next(BlockingQueue<T> queue, Predicate<? super T> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> skipped = new ArrayList<>();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            T element;
            try {
                element = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            if (element != null && wanted.test(element)) {
                return element;
            }
            if (element != null) {
                skipped.add(element);
            }
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                + (skipped.isEmpty() ? "" : "; others: " + skipped));
    }

    /** {@link #next(BlockingQueue, Predicate, Duration, String)} of any element. */
    public static <T> T next(BlockingQueue<T> queue, Duration timeout, String what) {
        return next(queue, e -> true, timeout, what);
    }

    private static void sleep(Supplier<String> what) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what.get(), e);
        }
    }
}
