package org.huddle.engine.internal.delivery;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.ChatEngineConfig;
import org.huddle.engine.internal.channels.Arrival;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * What the receive pipeline's by-type stage hands each decoded datagram to (see {@link ReceivePipeline}): a
 * message to its sender's receive window, which hands on one way to reassembly and to {@link RoomDelivery};
 * history sync's traffic, probes and hellos to their handlers; backchannel's lines, which have no numbering,
 * straight to delivery. Runs on transport receive threads, never throws, and counts every outcome.
 */
public final class Inbox {

    /** {@link ChatEngineConfig#delivery_retry()}'s default. */
    public static final int REQUEST_INTERVAL_MILLIS = 50;

    /**
     * How long after a fragment the rest of its message is expected to be in: a burst of 128 datagrams takes
     * a few milliseconds on a LAN, so this leaves a slow receive loop time before anything is asked again.
     */
    static final long REST_OF_MESSAGE_MILLIS = 100;

    /** Bounds de-duplication state whatever peers send. */
    public static final int MAX_STREAMS = 10_000;

    private final ReceiveContext c;
    private final RoomDelivery delivery;
    private final Reassembly reassembly;
    private final ReceiveWindows windows;
    private final Acknowledgements acks;
    private final EchoFilter echoes = new EchoFilter();
    private final Map<Long, Consumer<InetSocketAddress>> ownProbeWatchers = new ConcurrentHashMap<>();

    public Inbox(ReceiveContext context) {
        this.c = context;
        // One way: window (order, once) -> acknowledgement (flow control) -> reassembly (fragments joined)
        // -> delivery (history, front ends).
        this.delivery = new RoomDelivery(context.rooms(), context.counters(), context.dispatch());
        this.reassembly = new Reassembly(Reassembly.MAX_PENDING, Reassembly.MAX_AGE_MILLIS, context.timer(),
                context.time().nanos(), delivery);
        this.acks = new Acknowledgements(context, reassembly);
        this.windows = new ReceiveWindows(MAX_STREAMS, context.holdMillis(), context.timer(), context.time().nanos(),
                acks, new RepairRequests(context), REQUEST_INTERVAL_MILLIS);
    }

    /** Changes how often a NACK is repeated while its gap lasts. */
    public void retry(long millis) {
        windows.requestInterval(millis);
    }

    /** Changes how long a gap in a sender's numbering holds back what follows it. */
    public void hold(long millis) {
        windows.hold(millis);
    }

    /** A room was left: its senders' windows start anew on the next join. */
    public void left(String room) {
        windows.forget(room);
        reassembly.forget(room);
        acks.forget(room);
        c.sendWindows().forget(room);
    }

    /** For the sizes that tests check stay bounded. */
    public ReceiveWindows windows() {
        return windows;
    }

    public Reassembly reassembly() {
        return reassembly;
    }

    /** Lets the diagnosis see its own probe come back, from where it came. */
    public void watchOwnProbe(long probe, Consumer<InetSocketAddress> watcher) {
        ownProbeWatchers.put(probe, watcher);
    }

    public void unwatchOwnProbe(long probe) {
        ownProbeWatchers.remove(probe);
    }

    /** While a probe is under way, this node's own datagrams have to be seen coming back: none is dropped early. */
    boolean watchingOwnProbes() {
        return !ownProbeWatchers.isEmpty();
    }

    /** A datagram of this node's, known by its id (it came back on another socket): counted, and shown to a probe. */
    void own(Envelope e, InetSocketAddress source) {
        c.counters().own.increment();
        if (e.type() == Envelope.Type.PING) {
            Consumer<InetSocketAddress> watcher = ownProbeWatchers.get(e.sequence());
            if (watcher != null) {
                watcher.accept(source);
            }
        }
    }

    /** A message said in a room: into its sender's receive window, which hands it on in order. */
    void message(Arrival a, Envelope e) {
        Room room = c.rooms().find(e.room(), a.channel());
        if (room == null) {
            c.counters().otherRooms.increment();
            return;
        }
        ChatMessage message = new ChatMessage(e.room(), e.senderId(), e.handle(), e.sequence(),
                Instant.ofEpochMilli(e.timestamp()), e.content(), false);
        Envelope.Fragment fragment = e.extras().fragment();
        if (!windows.offer(message, fragment)) {
            c.counters().duplicates.increment();
            return;
        }
        if (fragment != null && fragment.index() < fragment.count()) {
            expectRest(e, fragment);
        }
        c.peers().heard(e.handle(), e.senderId(), a.channel().secret(), a.source(), "room " + room.name());
    }

    /**
     * The parts after a fragment went out right after it: those not in a moment later are asked for like a
     * gap, and given up after the hold time, rather than waiting for the sender's next message or hello to
     * show that the last parts of a long message were lost.
     */
    private void expectRest(Envelope e, Envelope.Fragment fragment) {
        long last = e.sequence() + fragment.count() - fragment.index();
        if (last < e.sequence()) {
            return; // past the largest number: nobody sends that
        }
        try {
            c.timer().schedule(() -> windows.expected(e.room(), e.senderId(), e.handle(), last),
                    REST_OF_MESSAGE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine is stopping: nothing is delivered any more
        }
    }

    /** Control traffic of history sync: for a room this node is not in, nothing to do and nothing to count. */
    void replayed(Arrival a, Envelope e) {
        Room room = c.rooms().find(e.room(), a.channel());
        if (room != null) {
            c.history().replayed(room, e);
        }
    }

    void historyRequest(Arrival a, Envelope e) {
        Room room = c.rooms().find(e.room(), a.channel());
        if (room != null) {
            c.history().requested(room, e);
        }
    }

    /** A member's acknowledgement of this node's messages: flow control, for members known in the room. */
    void ack(Arrival a, Envelope e) {
        c.counters().acksReceived.increment();
        Room room = c.rooms().find(e.room(), a.channel());
        if (room != null && c.selfId().equals(e.extras().of()) && c.presence().isIn(e.senderId(), room.name())) {
            c.sendWindows().acked(room.name(), e.senderId(), e.sequence());
        }
    }

    /** A member leaving one room or all: it no longer holds this node's sending back there. */
    void bye(Arrival a, Envelope e) {
        c.presence().bye(a.channel(), e);
        if (e.room().isEmpty()) {
            c.rooms().all().forEach(room -> c.sendWindows().left(room.name(), e.senderId()));
        } else {
            c.sendWindows().left(e.room(), e.senderId());
        }
    }

    /**
     * A peer's presence; and the highest sequence it sent in each room this node shares with it, so that the
     * loss of its last messages is noticed (no later message would show the gap).
     */
    void hello(Arrival a, Envelope e) {
        c.presence().hello(a.channel(), e, a.source());
        e.extras().rooms().forEach((name, highest) -> {
            if (c.rooms().find(name, a.channel()) != null) {
                windows.announced(name, e.senderId(), e.handle(), highest);
            }
        });
    }

    /** A probe of a room this node is in, or of the bare channel, gets one answer saying who answers. */
    void ping(Arrival a, Envelope e) {
        RoomChannel channel = a.channel();
        String answer;
        if (!c.presence().speaksOn(channel)) {
            c.counters().otherRooms.increment(); // in encrypted rooms only: naming itself in clear would name a member
            return;
        }
        if (e.room().isEmpty()) {
            Room any = c.rooms().findOn(channel);
            answer = c.handle().get() + (any == null ? "" : " in " + any.name());
        } else {
            Room room = c.rooms().find(e.room(), channel);
            if (room == null) {
                c.counters().otherRooms.increment();
                return;
            }
            answer = c.handle().get() + " in " + room.name();
        }
        ByteBuffer pong;
        try {
            pong = c.codecs().huddle().encode(new Envelope(Envelope.Type.PONG, c.selfId(), c.handle().get(), e.room(),
                    e.sequence(), c.time().millis(), answer));
        } catch (IllegalArgumentException tooLong) {
            c.counters().sendFailures.increment(); // cannot happen with a valid handle and room: counted if it does
            return;
        }
        c.responder().answer(e.senderId(), e.sequence(), pong, a.membership(), a.source());
    }

    /** backchannel has no rooms and no sequence numbers: one room per channel, copies told apart by content. */
    void backchannel(Arrival a, Envelope e) {
        if (c.selfId().equals(e.senderId())) {
            c.counters().own.increment();
            return;
        }
        Room room = c.rooms().findOn(a.channel());
        if (room == null) {
            c.counters().otherRooms.increment();
            return;
        }
        long now = c.time().millis();
        if (!echoes.firstTime(e.senderId(), e.handle(), e.content(), now)) {
            c.counters().duplicates.increment();
            return;
        }
        c.peers().heard(e.handle(), e.senderId(), a.source(), "room " + room.name());
        delivery.deliver(room, new ChatMessage(room.name(), e.senderId(), e.handle(), 0, Instant.ofEpochMilli(now),
                e.content(), false));
    }
}
