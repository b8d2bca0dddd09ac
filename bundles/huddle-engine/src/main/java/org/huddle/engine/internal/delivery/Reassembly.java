package org.huddle.engine.internal.delivery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope.Fragment;

/**
 * Joins the fragments of long messages again, after the receive windows have put each sender's datagrams in
 * order (after JGroups' FRAG3, which also reassembles above the layer that orders). In that order the parts
 * 1 to n of one message follow one another, so a reassembly only ever appends; anything else in the place
 * of the next part (a part out of turn, a whole message, a range the window gave up as lost) means parts of
 * it are gone for good. The message is then dropped and reported once, when it is known how many of its
 * parts are missing: the parts of it that still come are taken in silently up to its last.
 *
 * <p>Bounded whatever peers send: at most {@link MessageFragments#MAX_TEXT_BYTES} of text per message (a
 * longer one is dropped), one message under way per sender and room, at most {@code maxPending} of them in
 * all (beyond that the one begun first is dropped), each for at most {@code maxAge} from its first part.
 */
public final class Reassembly implements InOrder {

    /** As many as peers and rooms of a large LAN; at 64 KiB each, 64 MiB at worst. */
    public static final int MAX_PENDING = 1000;

    /**
     * The longest a message may take from its first part to its last: far beyond the hold time of gaps
     * (which gives up a lost part within seconds), so this only ends messages whose sender stopped half-way.
     */
    public static final long MAX_AGE_MILLIS = 30_000;

    /** What becomes of the messages that pass through. */
    interface Outcome {
        /** A message to deliver: a whole one as it came, or one joined from all its parts. */
        void whole(ChatMessage message);

        /** A message given up, with a line for people that says whose it was and why. */
        void dropped(String room, String text);

        /** The receive window gave up {@code count} messages of a sender (told before what that ends here). */
        void lost(String room, String handle, long count);
    }

    /** A message whose parts are being collected. */
    private static final class Pending {
        final ChatMessage first;
        final int count;
        final long started;
        int next;
        StringBuilder text = new StringBuilder(); // null once the message cannot be delivered any more
        long bytes;
        int lost;
        boolean tooLong;
        String missing = "lost"; // how its missing parts went, for the notice

        Pending(ChatMessage first, int count, long started) {
            this.first = first;
            this.count = count;
            this.started = started;
        }
    }

    private final int maxPending;
    private final long maxAgeNanos;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;
    private final Outcome outcome;
    /** By sender and room, in the order begun: the eldest is the first to go. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /** @param clock {@code System::nanoTime}, or a test's own */
    Reassembly(int maxPending, long maxAgeMillis, ScheduledExecutorService timer, LongSupplier clock,
            Outcome outcome) {
        this.maxPending = maxPending;
        this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
        this.timer = timer;
        this.clock = clock;
        this.outcome = outcome;
    }

    private static String key(String room, String senderId) {
        return senderId + '\u0000' + room;
    }

    /** The receive window's next message in its sender's order: joined here when it is a part, then handed on. */
    @Override
    public void deliver(ChatMessage message, Fragment fragment) {
        delivered(message, fragment);
    }

    /** The receive window gave messages up: told on, then what was under way of the sender's is ended. */
    @Override
    public void lost(String room, String senderId, String handle, long count) {
        outcome.lost(room, handle, count);
        lost(room, senderId, count);
    }

    /**
     * A message the receive window delivered, in its sender's order.
     *
     * @param fragment its place in a longer text, or {@code null} when it is whole
     */
    void delivered(ChatMessage m, Fragment fragment) {
        List<Pending> given = new ArrayList<>(2);
        ChatMessage whole = null;
        synchronized (this) {
            String key = key(m.room(), m.senderId());
            Pending p = pending.get(key);
            if (p != null && (fragment == null || fragment.index() != p.next || fragment.count() != p.count)) {
                pending.remove(key);
                given.add(given(p, "lost")); // what it still waited for will never come
                p = null;
            }
            if (fragment == null || fragment.count() == 1) {
                whole = m;
            } else {
                if (p == null) {
                    p = start(key, m, fragment, given);
                }
                whole = append(key, p, m, given);
            }
        }
        report(given);
        if (whole != null) {
            outcome.whole(whole);
        }
    }

    private Pending start(String key, ChatMessage m, Fragment fragment, List<Pending> given) {
        Pending p = new Pending(m, fragment.count(), clock.getAsLong());
        if (fragment.index() > 1) {
            // Its beginning was lost (and the window said so), or came before this node listened.
            p.lost = fragment.index() - 1;
            p.text = null;
        }
        p.next = fragment.index();
        pending.put(key, p);
        if (pending.size() > maxPending) {
            Iterator<Pending> eldest = pending.values().iterator();
            Pending dropped = eldest.next();
            eldest.remove();
            given.add(given(dropped, "missing while too many long messages were under way"));
        }
        try {
            timer.schedule(this::expire, maxAgeNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine is shutting down: nothing is delivered any more
        }
        return p;
    }

    /** @return the joined message when {@code m} was the last part of an intact one */
    private ChatMessage append(String key, Pending p, ChatMessage m, List<Pending> given) {
        if (p.text != null) {
            p.bytes += MessageFragments.utf8Length(m.content());
            if (p.bytes > MessageFragments.MAX_TEXT_BYTES) {
                p.tooLong = true;
                p.text = null;
            } else {
                p.text.append(m.content());
            }
        }
        if (p.next++ < p.count) {
            return null;
        }
        pending.remove(key);
        if (p.text == null) {
            given.add(p);
            return null;
        }
        // Shown and kept under its last part's number, as the sender keeps it, from the time it was said.
        return new ChatMessage(m.room(), m.senderId(), p.first.handle(), m.sequence(), p.first.timestamp(),
                p.text.toString(), m.local());
    }

    /**
     * The receive window gave up {@code count} messages of a sender, just after the last one it delivered:
     * when a message was under way, that many of its next parts are lost (or all it still lacked).
     */
    void lost(String room, String senderId, long count) {
        Pending done = null;
        synchronized (this) {
            String key = key(room, senderId);
            Pending p = pending.get(key);
            if (p == null) {
                return;
            }
            int lacking = p.count - p.next + 1;
            int covered = (int) Math.min(count, lacking);
            p.lost += covered;
            p.next += covered;
            p.text = null;
            if (covered == lacking) {
                done = pending.remove(key);
            }
        }
        if (done != null) {
            report(List.of(done));
        }
    }

    /** Drops every message begun longer ago than the time allowed; run by the timer. */
    void expire() {
        List<Pending> given = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            Iterator<Pending> oldestFirst = pending.values().iterator();
            while (oldestFirst.hasNext()) {
                Pending p = oldestFirst.next();
                if (now - p.started < maxAgeNanos) {
                    break;
                }
                oldestFirst.remove();
                given.add(given(p, "missing after " + TimeUnit.NANOSECONDS.toSeconds(maxAgeNanos) + " s"));
            }
        }
        report(given);
    }

    /** The room was left: what was under way there is forgotten, like the windows of its senders. */
    synchronized void forget(String room) {
        pending.values().removeIf(p -> p.first.room().equals(room));
    }

    /** @return how many messages are being reassembled */
    public synchronized int size() {
        return pending.size();
    }

    /** Counts what a message given up still lacked as missing, and says how it went missing. */
    private static Pending given(Pending p, String how) {
        p.lost += p.count - p.next + 1;
        p.missing = how;
        return p;
    }

    private void report(List<Pending> given) {
        for (Pending p : given) {
            String who = p.first.handle();
            outcome.dropped(p.first.room(), p.tooLong
                    ? "a message from " + who + " was dropped (more than "
                            + MessageFragments.grouped(MessageFragments.MAX_TEXT_BYTES) + " bytes of text)"
                    : "an incomplete message from " + who + " was dropped (" + p.lost + " of " + p.count + " parts "
                            + p.missing + ")");
        }
    }
}
