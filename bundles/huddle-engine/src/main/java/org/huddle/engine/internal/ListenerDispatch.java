package org.huddle.engine.internal;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;

/**
 * Hands messages and notices to front ends on one thread of its own, in order, so a slow front end never
 * holds up a transport's receive loop and listeners never see two calls at once.
 */
final class ListenerDispatch {

    private final Supplier<List<ChatListener>> listeners;
    private final BiConsumer<String, Throwable> failures;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "huddle-dispatch");
        t.setDaemon(true);
        return t;
    });

    ListenerDispatch(Supplier<List<ChatListener>> listeners, BiConsumer<String, Throwable> failures) {
        this.listeners = listeners;
        this.failures = failures;
    }

    void message(ChatMessage message) {
        submit(l -> l.message(message));
    }

    void notice(Notice notice) {
        submit(l -> l.notice(notice));
    }

    private void submit(Consumer<ChatListener> call) {
        try {
            executor.execute(() -> {
                for (ChatListener l : listeners.get()) {
                    try {
                        call.accept(l);
                    } catch (Throwable t) {
                        failures.accept("front end " + l.getClass().getName() + " failed", t);
                    }
                }
            });
        } catch (RejectedExecutionException stopped) {
            // the engine is shutting down: nobody is left to tell
        }
    }

    void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
