package org.huddle.web.internal;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.web.internal.WebViews.MessageView;
import org.huddle.web.internal.WebViews.NoticeView;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The front end's {@link ChatListener}: turns each message and notice into one Server-Sent Event, once, and
 * offers it to every open page's queue without ever waiting, so a slow or stalled browser cannot hold up the
 * engine's delivery thread or the other pages. A page whose queue is full is cut off: it is told so, and
 * reconnects and reloads the room's history, where nothing is lost.
 */
@Component(service = { ChatListener.class, EventHub.class })
public final class EventHub implements ChatListener {

    /** Events a page may lag behind before it is cut off. */
    static final int QUEUE = 1024;

    /** One open page's events, in order, already in the event stream's text format. */
    static final class Subscription implements AutoCloseable {
        private final BlockingQueue<String> events = new ArrayBlockingQueue<>(QUEUE);
        private final Set<Subscription> owner;
        private volatile boolean overflowed;
        private volatile boolean closed;

        private Subscription(Set<Subscription> owner) {
            this.owner = owner;
        }

        /**
         * @return the next event, or {@code null} when none came within the time
         * @throws InterruptedException when the page's thread is interrupted
         */
        String next(long timeout, TimeUnit unit) throws InterruptedException {
            return events.poll(timeout, unit);
        }

        /** @return whether this page fell behind and lost events (it must reload to catch up) */
        boolean overflowed() {
            return overflowed;
        }

        /** @return whether the front end stopped: the page's stream should end */
        boolean closed() {
            return closed;
        }

        private void offer(String event) {
            if (!events.offer(event)) {
                overflowed = true;
                owner.remove(this);
            }
        }

        @Override
        public void close() {
            closed = true;
            owner.remove(this);
        }
    }

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    /**
     * @param max how many pages may follow at once
     * @return the new page's subscription, or {@code null} when {@code max} pages already follow
     */
    Subscription subscribe(int max) {
        synchronized (subscriptions) {
            if (subscriptions.size() >= max) {
                return null;
            }
            Subscription s = new Subscription(subscriptions);
            subscriptions.add(s);
            return s;
        }
    }

    int subscribers() {
        return subscriptions.size();
    }

    @Override
    public void message(ChatMessage message) {
        publish(event("message", JsonBodies.string(MessageView.of(message))));
    }

    @Override
    public void notice(Notice notice) {
        publish(event("notice", JsonBodies.string(NoticeView.of(notice))));
    }

    /** @return an event in the stream's format; JSON has no raw line breaks, so one data line carries it */
    static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    private void publish(String event) {
        for (Subscription s : subscriptions) {
            s.offer(event);
        }
    }

    @Deactivate
    void deactivate() {
        for (Subscription s : subscriptions) {
            s.close();
        }
    }
}
