package org.huddle.engine.internal.presence;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.ChatEngineConfig;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.core.SharedHandles;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.rooms.RoomRegistry;
import org.huddle.engine.internal.sealing.RoomSecret;

/**
 * Presence on Huddle's wire (docs/reliability.md): this node's {@code hello} on every open room channel every
 * interval, at once on joining a room and in answer to a peer heard for the first time; {@code bye} on leaving
 * a room and on shutdown (both said by {@link Announcements}). What peers announce becomes notices ({@code bob joined lobby}, {@code bob left
 * lobby}, {@code bob timed out}) and the Huddle entries of the {@link PeerTable}.
 *
 * <p>Each encrypted room's key is a domain of its own, and the open channels one more (docs/security.md): what
 * a node is known as in a domain (its handle, its rooms, whether it is there at all) comes only from datagrams
 * of that domain, so nobody without a room's key can rename its members, make them leave it or time them out,
 * whatever ids they learned in clear. On an open channel this node says nothing of itself while it is in
 * encrypted rooms only, so that the open channel does not name their members.
 */
public final class Presence {

    /** {@link ChatEngineConfig#presence_interval()}'s default. */
    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final long DEFAULT_INTERVAL_MILLIS = DEFAULT_INTERVAL_SECONDS * 1000L;

    /** A peer is gone after this many intervals without a {@code hello}: one lost datagram is no departure. */
    static final int MISSED_HELLOS = 3;

    /** Answers to a newcomer are spread over this long, so a room of many does not answer in one burst. */
    public static final long ANSWER_SPREAD_MILLIS = 500;

    /** How late after the random delay an answer to this node's join may still come (a loaded receiver). */
    private static final long JOIN_ANSWER_SLACK_MILLIS = 1500;

    /** Bounds the table whatever peers send; beyond it the peer heard longest ago is forgotten. */
    public static final int MAX_PEERS = 1024;

    /**
     * A node as seen in one domain: its id, and the key of the encrypted room whose sealed channel it spoke on
     * ({@code null}: an open channel).
     */
    private record Who(String id, RoomSecret secret) {
        static Who on(RoomChannel channel, String id) {
            return new Who(id, channel.secret());
        }
    }

    /** What this node knows of another Huddle node in one domain. */
    private static final class Known {
        final Who who;
        final String id;
        String handle;
        InetSocketAddress address;
        long lastHeard;
        /** Its rooms, each with the channel its {@code hello} came on (each channel's hello lists that channel's). */
        final Map<String, RoomChannel> rooms = new LinkedHashMap<>();
        /** The rooms for which {@code joined} was told: those shared with this node. */
        final Set<String> told = new LinkedHashSet<>();

        Known(Who who) {
            this.who = who;
            this.id = who.id();
        }

        /** @return the key under which the {@link PeerTable} lists the node in this domain */
        String peerKey() {
            return PeerTable.key(id, who.secret());
        }
    }

    private final SharedHandles shared;
    private final Supplier<String> handle;
    private final RoomRegistry rooms;
    private final ScheduledExecutorService timer;
    private final PeerTable peers;
    private final Consumer<Notice> notices;
    private final LongSupplier clock;
    private final BiConsumer<String, Throwable> warnings;
    private final Map<Who, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Who, Known> eldest) {
            return size() > MAX_PEERS;
        }
    };
    private final Announcements announcements;
    private final Set<RoomChannel> answering = ConcurrentHashMap.newKeySet();
    private long intervalMillis;
    private ScheduledFuture<?> ticks;

    /** @param clock {@code System::nanoTime}: how long peers were silent */
    public Presence(String selfId, Supplier<String> handle, MessageCodec codec, RoomRegistry rooms,
            Supplier<OpenChannels> binding, ScheduledExecutorService timer, PeerTable peers, Consumer<Notice> notices,
            LongSupplier clock, SharedHandles shared, BiConsumer<String, Throwable> warnings) {
        this.shared = shared;
        this.handle = handle;
        this.rooms = rooms;
        this.timer = timer;
        this.peers = peers;
        this.notices = notices;
        this.clock = clock;
        this.warnings = warnings;
        this.announcements = new Announcements(selfId, handle, codec, rooms, binding,
                new OwnAddresses(binding, clock, warnings), warnings);
    }

    /** (Re)starts the announcements every {@code millis}; peers silent for {@link #MISSED_HELLOS} of them time out. */
    public synchronized void interval(long millis) {
        if (ticks != null) {
            ticks.cancel(false);
        }
        intervalMillis = millis;
        try {
            ticks = timer.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            ticks = null;
        }
    }

    public synchronized long intervalMillis() {
        return intervalMillis;
    }

    private void tick() {
        // An exception would end the fixed-rate schedule for good: presence must outlive any one bad tick.
        try {
            announcements.helloEverywhere();
            expire();
        } catch (RuntimeException e) {
            warnings.accept("presence tick failed", e);
        }
    }

    /** Says at once that this node is in a room it just joined. */
    public void joined(Room room) {
        if (room.channel().wire() == Wire.HUDDLE) {
            announcements.hello(room.channel());
        }
    }

    /** Says {@code bye} for a room just left, while its channel is still open; its peers are told anew on rejoining. */
    public void left(Room room) {
        synchronized (this) {
            known.values().forEach(k -> k.told.remove(room.name()));
        }
        if (room.channel().wire() == Wire.HUDDLE) {
            announcements.bye(room);
        }
    }

    /** Stops announcing and says {@code bye} to every room channel; the engine stops. */
    public void stop() {
        synchronized (this) {
            if (ticks != null) {
                ticks.cancel(false);
                ticks = null;
            }
        }
        byeAll();
    }

    /** Says {@code bye} on every channel of the current transport: see {@link Announcements#byeAll()}. */
    public void byeAll() {
        announcements.byeAll();
    }

    /** @return whether this node announces itself on a channel: see {@link Announcements#speaksOn} */
    public boolean speaksOn(RoomChannel channel) {
        return announcements.speaksOn(channel);
    }

    /** A peer's {@code hello} on a room channel. */
    public void hello(RoomChannel channel, Envelope e, InetSocketAddress source) {
        List<Notice> told = new ArrayList<>();
        boolean answer;
        synchronized (this) {
            Who who = Who.on(channel, e.senderId());
            Known k = known.get(who);
            answer = k == null;
            if (k == null) {
                k = new Known(who);
                known.put(who, k);
            }
            k.handle = e.handle();
            handlesChanged();
            k.address = source;
            k.lastHeard = clock.getAsLong();
            Map<String, Long> announced = e.extras().rooms();
            for (Iterator<Map.Entry<String, RoomChannel>> it = k.rooms.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, RoomChannel> r = it.next();
                if (r.getValue().equals(channel) && !announced.containsKey(r.getKey())) {
                    it.remove(); // left, and its bye was lost
                    if (k.told.remove(r.getKey())) {
                        told.add(new Notice(r.getKey(), Notice.Level.INFO, name(k) + " left " + r.getKey()));
                    }
                }
            }
            boolean stranger = answer;
            for (String room : announced.keySet()) {
                boolean wasThere = k.rooms.put(room, channel) != null;
                Room mine = rooms.find(room);
                if (mine != null && mine.channel().equals(channel) && k.told.add(room)) {
                    boolean here = wasThere || stranger && answersMyJoin(mine);
                    told.add(new Notice(room, Notice.Level.INFO, name(k) + (here ? " is here" : " joined " + room)));
                    answer = true; // so that it learns as soon that this node is there
                }
            }
            peers.present(k.peerKey(), e.handle(), e.senderId(), source, List.copyOf(k.rooms.keySet()));
        }
        told.forEach(notices);
        // One answer pending per channel serves every newcomer meanwhile: a burst of (forged) strangers costs
        // one hello, not one each.
        if (answer && answering.add(channel)) {
            later(() -> {
                answering.remove(channel);
                answer(channel);
            }, ThreadLocalRandom.current().nextLong(ANSWER_SPREAD_MILLIS + 1));
        }
    }

    /**
     * Whether a hello from a node not heard before can be the answer to this node's joining the room: it came
     * within the answers' random delay (and some slack) of the join. Such a node was there already ("is here");
     * one heard before, whose hello did not list the room until now, has just joined it.
     */
    private static boolean answersMyJoin(Room mine) {
        return Duration.between(mine.joinedAt(), Instant.now()).toMillis() < ANSWER_SPREAD_MILLIS + JOIN_ANSWER_SLACK_MILLIS;
    }

    private void answer(RoomChannel channel) {
        announcements.hello(channel);
    }

    /** @return how many other nodes are known */
    public synchronized int size() {
        return known.size();
    }

    /** @return whether a node is known to be in a room now (said so in its last {@code hello}, no {@code bye} since) */
    public synchronized boolean isIn(String id, String room) {
        Room mine = rooms.find(room);
        Known k = mine == null ? null : known.get(Who.on(mine.channel(), id));
        return k != null && k.rooms.containsKey(room);
    }

    /**
     * A peer's {@code bye} on a channel: for one room announced on that channel, or (room empty) for all it
     * announced there. A bye of another channel or domain changes nothing: it is nobody's to say.
     */
    public void bye(RoomChannel channel, Envelope e) {
        List<Notice> told = new ArrayList<>();
        synchronized (this) {
            Known k = known.get(Who.on(channel, e.senderId()));
            if (k == null) {
                return;
            }
            k.handle = e.handle();
            handlesChanged();
            List<String> leaving = new ArrayList<>();
            k.rooms.forEach((room, on) -> {
                if (on.equals(channel) && (e.room().isEmpty() || e.room().equals(room))) {
                    leaving.add(room);
                }
            });
            for (String room : leaving) {
                k.rooms.remove(room);
                if (k.told.remove(room)) {
                    told.add(new Notice(room, Notice.Level.INFO, name(k) + " left " + room));
                }
            }
            if (e.room().isEmpty() && k.rooms.isEmpty()) {
                known.remove(k.who);
                peers.forget(k.peerKey());
                handlesChanged();
            } else {
                peers.present(k.peerKey(), k.handle, k.id, k.address, List.copyOf(k.rooms.keySet()));
            }
        }
        told.forEach(notices);
    }

    /** Forgets peers not heard for {@link #MISSED_HELLOS} intervals, once each, with a notice. */
    private void expire() {
        List<Notice> told = new ArrayList<>();
        synchronized (this) {
            long horizon = clock.getAsLong() - TimeUnit.MILLISECONDS.toNanos(intervalMillis * MISSED_HELLOS);
            List<Known> gone = known.values().stream().filter(k -> k.lastHeard - horizon < 0).toList();
            for (Known k : gone) {
                String room = k.told.isEmpty() ? null : k.told.iterator().next();
                told.add(new Notice(room, Notice.Level.INFO, name(k) + " timed out"));
            }
            for (Known k : gone) {
                known.remove(k.who);
                peers.forget(k.peerKey());
            }
            if (!gone.isEmpty()) {
                handlesChanged();
            }
        }
        told.forEach(notices);
    }

    /** @return the peer's handle, with the start of its id when another node (this one too) goes by the same one */
    private String name(Known k) {
        return shared.shown(k.handle, k.id);
    }

    /** Tells {@link SharedHandles} the handles of the known nodes and this one's; under this object's lock. */
    private void handlesChanged() {
        List<String> handles = new ArrayList<>(known.size() + 1);
        Set<String> counted = new HashSet<>();
        for (Known k : known.values()) {
            if (counted.add(k.id + '\u0000' + k.handle)) { // one node in several domains is one node
                handles.add(k.handle);
            }
        }
        handles.add(handle.get());
        shared.update(handles);
    }

    /** This node's handle changed: a peer may share it now, or no longer. */
    public synchronized void ownHandleChanged() {
        handlesChanged();
    }

    private void later(Runnable task, long millis) {
        try {
            timer.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine is stopping: nobody to answer for
        }
    }
}
