package org.huddle.engine.internal;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
}
