package org.huddle.engine.internal.core;

import java.util.ArrayDeque;

/**
 * Runs work that was decided under a lock after that lock is released, in the order it was decided: a caller
 * adds tasks while it holds its lock (no I/O, a queue append), lets the lock go, then calls {@link #run()}.
 * Whichever thread finds nobody running the queue runs everything in it, including what others add meanwhile;
 * the others return at once. So deliveries, history writes and front-end hand-offs never happen under the
 * lock that ordered them, yet keep that order across the threads that decide (a receive thread, the timer).
 * The shape of JGroups' NAKACK2, which adds to a table under its lock and lets one thread remove and deliver.
 */
public final class OrderedHandOff {

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private boolean running;

    /** Queues a task; meant to be called under the lock that decided it. */
    public synchronized void add(Runnable task) {
        ready.add(task);
    }

    /**
     * Runs what is queued unless another thread is running it already; call it holding no lock. A task that
     * throws ends this run (the throw goes to the caller); the tasks after it wait for the next run.
     */
    public void run() {
        synchronized (this) {
            if (running) {
                return; // the running thread takes what was just added too
            }
            running = true;
        }
        try {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = ready.poll();
                    if (task == null) {
                        running = false;
                        return;
                    }
                }
                task.run();
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                running = false;
            }
            throw e;
        }
    }

    /** @return how many tasks wait to be run */
    public synchronized int pending() {
        return ready.size();
    }
}
