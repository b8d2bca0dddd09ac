package org.huddle.engine.internal.core;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;

/**
 * Hands messages and notices to front ends on one thread of its own, in order, so a slow front end never
 * holds up a transport's receive loop and listeners never see two calls at once. At most
 * {@value #MAX_PENDING} wait: beyond that (a front end far behind a flood) they are skipped, counted, and
 * front ends told how many once they catch up; messages stay in the rooms' history.
 */
public final class ListenerDispatch {

    static final int MAX_PENDING = 10_000;

    private final Supplier<List<ChatListener>> listeners;
    private final BiConsumer<String, Throwable> failures;
    private final SharedHandles shared;
    private final AtomicLong skipped = new AtomicLong();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(MAX_PENDING), r -> {
                Thread t = new Thread(r, "huddle-dispatch");
                t.setDaemon(true);
                return t;
            });

    public ListenerDispatch(Supplier<List<ChatListener>> listeners, SharedHandles shared, BiConsumer<String, Throwable> failures) {
        this.listeners = listeners;
        this.shared = shared;
        this.failures = failures;
    }

    /** Hands a message to every front end, its handle marked when another node uses it too. */
    public void message(ChatMessage message) {
        ChatMessage shown = shared.shown(message);
        submit(l -> l.message(shown));
    }

    public void notice(Notice notice) {
        submit(l -> l.notice(notice));
    }

    private void submit(Consumer<ChatListener> call) {
        try {
            executor.execute(() -> {
                long behind = skipped.getAndSet(0);
                if (behind > 0) {
                    Notice told = new Notice(null, Notice.Level.WARNING, "front ends fell behind: " + behind
                            + " messages and notices were not shown (chat:history has the messages)");
                    deliver(l -> l.notice(told));
                }
                deliver(call);
            });
        } catch (RejectedExecutionException full) {
            if (!executor.isShutdown()) {
                skipped.incrementAndGet();
            } // else the engine is shutting down: nobody is left to tell
        }
    }

    private void deliver(Consumer<ChatListener> call) {
        for (ChatListener l : listeners.get()) {
            try {
                call.accept(l);
            } catch (Throwable t) {
                failures.accept("front end " + l.getClass().getName() + " failed", t);
            }
        }
    }

    /** @return how many calls wait for the front ends now */
    int pending() {
        return executor.getQueue().size();
    }

    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
