package org.huddle.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;

/** Collects what an engine hands its front ends. */
final class RecordingListener implements ChatListener {

    static final Duration DEADLINE = Duration.ofSeconds(5);

    final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Notice> notices = new LinkedBlockingQueue<>();

    @Override
    public void message(ChatMessage message) {
        messages.add(message);
    }

    @Override
    public void notice(Notice notice) {
        notices.add(notice);
    }

    ChatMessage next() throws InterruptedException {
        ChatMessage m = messages.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + DEADLINE);
        }
        return m;
    }

    /** @return the first notice (skipping others) whose text matches, within the deadline */
    Notice awaitNotice(Predicate<String> text) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> skipped = new ArrayList<>();
        for (long left = DEADLINE.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Notice n = notices.poll(left, TimeUnit.NANOSECONDS);
            if (n != null && text.test(n.text())) {
                return n;
            }
            if (n != null) {
                skipped.add(n.text());
            }
        }
        throw new AssertionError("no such notice within " + DEADLINE + "; others: " + skipped);
    }
}
