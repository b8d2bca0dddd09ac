package org.huddle.engine.internal;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.testing.Await;

/** Collects what an engine hands its front ends. */
public final class RecordingListener implements ChatListener {

    static final Duration DEADLINE = Await.DEADLINE;

    final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
    public final BlockingQueue<Notice> notices = new LinkedBlockingQueue<>();

    @Override
    public void message(ChatMessage message) {
        messages.add(message);
    }

    @Override
    public void notice(Notice notice) {
        notices.add(notice);
    }

    ChatMessage next() throws InterruptedException {
        return Await.next(messages, DEADLINE, "a message");
    }

    /** @return the first notice (skipping others) whose text matches, within the deadline */
    Notice awaitNotice(Predicate<String> text) throws InterruptedException {
        return Await.next(notices, n -> text.test(n.text()), DEADLINE, "such a notice");
    }
}
