package org.huddle.itests;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A front end as a test sees it: a whiteboard {@link ChatListener} that keeps everything it is told.
 */
public final class RecordingListener implements ChatListener, AutoCloseable {

    private final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<ChatListener> registration;

    private RecordingListener(BundleContext context) {
        this.registration = context.registerService(ChatListener.class, this, null);
    }

    /**
     * Registers a new listener; the engine picks it up through the whiteboard.
     *
     * @param context the test bundle's context
     * @return the listener
     */
    public static RecordingListener register(BundleContext context) {
        return new RecordingListener(context);
    }

    @Override
    public void message(ChatMessage message) {
        messages.add(message);
    }

    @Override
    public void notice(Notice notice) {
        notices.add(notice);
    }

    /** @return the messages so far */
    public List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    /** @return the notices so far */
    public List<Notice> notices() {
        return List.copyOf(notices);
    }

    /**
     * @param timeout how long to wait
     * @param match   which message
     * @param what    what is awaited, for the failure message
     * @return the first message that matches, once there is one
     */
    public ChatMessage await(Duration timeout, Predicate<ChatMessage> match, String what) {
        return Await.value(timeout, () -> messages.stream().filter(match).findFirst().orElse(null),
                () -> what + "; messages so far: " + messages);
    }

    /**
     * @param content the text
     * @return whether a message with exactly this text arrived
     */
    public boolean has(String content) {
        return messages.stream().anyMatch(m -> m.content().equals(content));
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the test bundle is stopping
        }
    }
}
