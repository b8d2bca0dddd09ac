package org.huddle.engine.internal.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.ChatEngineConfig;
import org.huddle.engine.internal.channels.RoomSender;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomRegistry;

/**
 * History for late joiners, after JGroups' STATE_TRANSFER but over the room's own multicast: a node that
 * joins a room asks with {@code history?} for the last N messages; one member answers, replaying them as
 * {@code msg} datagrams flagged {@code replay}, and the joiner merges them into its history by (sender,
 * sequence). Every member sets a random delay before answering and stays quiet when it sees another's
 * replay first, so a room answers once however many are in it. Best effort: a replay is not repaired, and
 * a request nobody answers is asked again twice, then given up without a word.
 */
public final class HistorySync {

    /** {@link ChatEngineConfig#history_sync()}'s default. */
    public static final int DEFAULT_COUNT = 50;

    /** The most messages one answer replays, whatever is asked: one answer cannot flood the room. */
    public static final int MAX_ANSWER = 200;

    /**
     * At most this many replayed datagrams per second in all: two full answers; forged requests for many
     * rooms cannot make this node replay without end.
     */
    public static final int REPLAYS_PER_SECOND = 2 * MAX_ANSWER;

    /** Answers are spread over this long, so that the first one silences the others. */
    public static final long ANSWER_SPREAD_MILLIS = 300;

    /** A request without any answer is sent again after this long, at most {@link #TRIES} times in all. */
    static final long RETRY_MILLIS = 1000;

    public static final int TRIES = 3;

    /** A replay is over when nothing more of it arrived for this long. */
    public static final long QUIET_MILLIS = 500;

    private static final long CHECK_MILLIS = 100;

    /** What the sync shares with the rest of the engine. */
    public record Context(String selfId, Supplier<String> handle, Codecs codecs, RoomRegistry rooms,
            EngineCounters counters, ListenerDispatch dispatch, ScheduledExecutorService timer, EngineTime time,
            RoomSender sender, Predicate<String> ownEarlier) {
    }

    /** A join's request and what was replayed to it so far. */
    private final class Collecting {
        final Room room;
        final List<ChatMessage> replayed = new ArrayList<>();
        /** When the room was joined: what is older is history; what is newer arrives live. */
        final long joinedAt;
        /** Parts of replayed long messages, by sender and sequence, until all have come. */
        final Map<String, String[]> parts = new HashMap<>();
        long askedAt;
        long lastArrival;
        int tries;
        ScheduledFuture<?> check;

        Collecting(Room room, long joinedAt) {
            this.room = room;
            this.joinedAt = joinedAt;
        }

        /** @return the message's whole text once it is complete, else {@code null}; under the job's lock */
        String whole(Envelope e) {
            Envelope.Fragment f = e.extras().fragment();
            if (f == null) {
                return e.content();
            }
            String key = e.senderId() + ' ' + e.sequence();
            String[] got = parts.get(key);
            if (got == null) {
                if (parts.size() >= MAX_ANSWER) {
                    return null; // bounded whatever is replayed; what is not kept is not merged
                }
                got = new String[f.count()];
                parts.put(key, got);
            }
            if (got.length != f.count()) {
                return null;
            }
            got[f.index() - 1] = e.content();
            for (String part : got) {
                if (part == null) {
                    return null;
                }
            }
            parts.remove(key);
            return String.join("", got);
        }
    }

    /**
     * An answer waiting for its delay: one for all who ask meanwhile, so it covers the most asked for and
     * everything said before the latest of their joins.
     */
    private static final class Answer {
        int count;
        Instant before;
        volatile ScheduledFuture<?> task;

        synchronized void ask(int n, Instant joined) {
            count = Math.max(count, n);
            before = before == null || joined.isAfter(before) ? joined : before;
        }

        void cancel() {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    private final Context c;
    private final Map<Room, Collecting> collecting = new ConcurrentHashMap<>();
    private final Map<Room, Answer> answering = new ConcurrentHashMap<>();
    private volatile int count = DEFAULT_COUNT;
    private final ResendBudget replayBudget;

    public HistorySync(Context context) {
        this.c = context;
        this.replayBudget = new ResendBudget(REPLAYS_PER_SECOND, context.time().nanos());
    }

    /** How many messages a join asks for; 0 asks for none. */
    public void count(int messages) {
        this.count = messages;
    }

    /** A room just joined (not one joined already): asks its members for their latest messages. */
    public void joined(Room room) {
        int n = count;
        if (n < 1 || room.channel().wire() != Wire.HUDDLE) {
            return; // origin programs keep no history to ask for
        }
        Collecting job = new Collecting(room, c.time().millis());
        collecting.put(room, job);
        ask(job, n);
        job.check = repeat(() -> check(job, n));
        if (job.check == null) {
            collecting.remove(room); // the engine is stopping
        }
    }

    /** The room was left: what was still being collected or about to be answered for it is dropped. */
    public void left(Room room) {
        Collecting job = collecting.remove(room);
        if (job != null && job.check != null) {
            job.check.cancel(false);
        }
        Answer pending = answering.remove(room);
        if (pending != null) {
            pending.cancel();
        }
    }

    private void ask(Collecting job, int n) {
        job.tries++;
        job.askedAt = c.time().millis();
        // ts: the join, also when asked again, so members replay only what was said before it.
        if (c.sender().send(job.room.channel(), c.codecs().huddle().encode(new Envelope(Envelope.Type.HISTORY_REQUEST,
                c.selfId(), c.handle().get(), job.room.name(), n, job.joinedAt, "")))) {
            c.counters().historyRequestsSent.increment();
        } // else the next try may find a transport
    }

    private void check(Collecting job, int n) {
        long now = c.time().millis();
        synchronized (job) {
            if (job.replayed.isEmpty()) {
                if (now - job.askedAt < RETRY_MILLIS) {
                    return;
                }
                if (job.tries < TRIES) {
                    ask(job, n);
                    return;
                }
            } else if (now - job.lastArrival < QUIET_MILLIS) {
                return;
            }
        }
        finish(job);
    }

    private void finish(Collecting job) {
        if (!collecting.remove(job.room, job)) {
            return; // left meanwhile
        }
        job.check.cancel(false);
        List<ChatMessage> replayed;
        synchronized (job) {
            replayed = List.copyOf(job.replayed);
        }
        int merged = job.room.history().merge(replayed);
        c.counters().historyMerged.add(merged);
        if (merged > 0) {
            String name = job.room.name();
            c.dispatch().notice(new Notice(name, Notice.Level.INFO, merged + (merged == 1 ? " earlier message" : " earlier messages")
                    + " from the room's history (chat:history " + name + " " + merged + ")"));
        }
    }

    /**
     * A member's {@code history?}: answered once for everyone asking, unless another member answers first.
     * A node still waiting for its own join's answer waits one spread longer, since what it holds may be
     * the least complete of the room.
     */
    void requested(Room room, Envelope request) {
        int n = (int) Math.min(request.sequence(), MAX_ANSWER);
        Instant joined = Instant.ofEpochMilli(request.timestamp());
        long delay = ThreadLocalRandom.current().nextLong(ANSWER_SPREAD_MILLIS + 1)
                + (collecting.containsKey(room) ? ANSWER_SPREAD_MILLIS : 0);
        Answer fresh = new Answer();
        Answer a = answering.computeIfAbsent(room, r -> fresh);
        a.ask(n, joined);
        if (a == fresh) {
            // Scheduled once in the map, so that the task finds it there however soon it runs.
            a.task = later(() -> answer(room, fresh), delay);
            if (a.task == null) {
                answering.remove(room, fresh); // the engine is stopping
            }
        }
    }

    /** Replays the latest messages said up to the askers' join; they receive the later ones live. */
    private void answer(Room room, Answer answer) {
        if (!answering.remove(room, answer)) {
            return; // another member answered first
        }
        int n;
        Instant before;
        synchronized (answer) {
            n = answer.count;
            before = answer.before;
        }
        List<ChatMessage> earlier = room.history().latest(Integer.MAX_VALUE).stream()
                .filter(m -> m.sequence() > 0 && !m.timestamp().isAfter(before)).toList();
        if (earlier.isEmpty()) {
            return;
        }
        c.counters().historyRequestsAnswered.increment();
        MessageCodec codec = c.codecs().huddle();
        int limit = room.channel().maxDatagram(codec);
        for (ChatMessage m : earlier.subList(Math.max(0, earlier.size() - n), earlier.size())) {
            try {
                // A long message goes in parts again, each under the message's one sequence number.
                List<String> parts = MessageFragments.parts(codec, limit, m.senderId(), m.handle(), room.name(),
                        m.content());
                for (int i = 0; i < parts.size(); i++) {
                    if (!replayBudget.take()) {
                        c.counters().replaysRefused.increment();
                        return; // the asker asks again, and a flood of questions gets no more
                    }
                    Envelope.Extras extras = parts.size() == 1 ? Envelope.Extras.replayed()
                            : new Envelope.Extras(new Envelope.Fragment(i + 1, parts.size()), true, List.of(), Map.of(),
                                    "", List.of());
                    if (!c.sender().send(room.channel(), codec.encode(new Envelope(Envelope.Type.MESSAGE, m.senderId(),
                            m.handle(), room.name(), m.sequence(), m.timestamp().toEpochMilli(), parts.get(i), extras)))) {
                        return; // no transport: the joiner asks again
                    }
                    c.counters().replaysSent.increment();
                }
            } catch (ChatException | IllegalArgumentException tooLong) {
                // beyond what one message may carry (an origin program's, kept as it came): not replayed
                c.counters().replaysRefused.increment();
            }
        }
    }

    /** A replayed message: collected when this node asked for the room's history, and a sign that someone answered. */
    void replayed(Room room, Envelope e) {
        c.counters().replaysReceived.increment();
        if (c.ownEarlier().test(e.senderId())) {
            // Under an id this node used in an earlier run: what it said then is in its own history file (own ids
            // are kept only with one), and ids go in clear in open rooms, so this is someone else's forgery. Kept,
            // it would load as the user's own word after every restart.
            c.counters().replaysAsOwnRefused.increment();
            return;
        }
        Answer pending = answering.remove(room);
        if (pending != null) {
            pending.cancel();
        }
        Collecting job = collecting.get(room);
        if (job == null) {
            return;
        }
        synchronized (job) {
            job.lastArrival = c.time().millis();
            String content = job.whole(e);
            if (content != null && job.replayed.size() < MAX_ANSWER * TRIES) {
                // Never one's own: anyone can replay anything under any id, this node's current one included
                // (the inbox drops those as its own before they get here).
                job.replayed.add(new ChatMessage(room.name(), e.senderId(), e.handle(), e.sequence(),
                        Instant.ofEpochMilli(e.timestamp()), content, false));
            }
        }
    }

    /** Drops everything under way; the engine is stopping. */
    public void stop() {
        collecting.keySet().forEach(this::left);
        answering.keySet().forEach(this::left);
    }

    private ScheduledFuture<?> repeat(Runnable task) {
        try {
            return c.timer().scheduleWithFixedDelay(task, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return null;
        }
    }

    private ScheduledFuture<?> later(Runnable task, long millis) {
        try {
            return c.timer().schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return null; // computeIfAbsent keeps nothing: the engine is stopping
        }
    }
}
