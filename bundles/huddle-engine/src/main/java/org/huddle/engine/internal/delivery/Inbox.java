package org.huddle.engine.internal.delivery;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.ChatEngineConfig;
import org.huddle.engine.internal.bundling.DatagramBundle;
import org.huddle.engine.internal.channels.ChannelReceiver;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * The receive path of every room channel: decodes by wire, drops what is own, foreign or a copy, delivers
 * messages to their room, answers probes and notes who was heard. Runs on transport receive threads, never
 * throws, and counts every outcome.
 */
public final class Inbox implements ChannelReceiver {

    /** {@link ChatEngineConfig#delivery_retry()}'s default. */
    public static final int REQUEST_INTERVAL_MILLIS = 50;

    /**
     * How long after a fragment the rest of its message is expected to be in: a burst of 128 datagrams takes
     * a few milliseconds on a LAN, so this leaves a slow receive loop time before anything is asked again.
     */
    static final long REST_OF_MESSAGE_MILLIS = 100;

    /** A gap larger than any sender's retransmit buffer many times over: a jump in numbering, not a loss. */
    static final long MAX_CREDIBLE_LOSS = 1_000_000;

    /**
     * NACKs sent at most this many per second in all, and for senders not known to be in the room (no
     * {@code hello} from them there) at most {@link #STRANGER_NACKS_PER_SECOND}: anyone can make senders up by
     * the thousand, each with a gap, and without a cap a flood of them would make this node flood the room
     * with NACKs (docs/security.md, Flood control). Honest repair asks once per gap and retry interval.
     */
    static final int NACKS_PER_SECOND = 500;
    public static final int STRANGER_NACKS_PER_SECOND = 50;

    /**
     * A message this much older than the room's join (by the sender's clock) was said before this node was
     * there; within it, clocks a little apart do not hide news.
     */
    static final long BEFORE_JOIN_SLACK_MILLIS = 2000;

    /** Bounds de-duplication state whatever peers send. */
    public static final int MAX_STREAMS = 10_000;

    private final ReceiveContext c;
    private final ReceiveWindows windows;
    private final Reassembly reassembly;
    private final NackAnswers nackAnswers;
    private final ResendBudget nacks;
    private final ResendBudget strangerNacks;
    private final Acknowledgements acks;
    private final EchoFilter echoes = new EchoFilter();
    private final Map<Long, Consumer<InetSocketAddress>> ownProbeWatchers = new ConcurrentHashMap<>();

    public Inbox(ReceiveContext context) {
        this.c = context;
        this.nacks = new ResendBudget(NACKS_PER_SECOND, context.time().nanos());
        this.strangerNacks = new ResendBudget(STRANGER_NACKS_PER_SECOND, context.time().nanos());
        this.nackAnswers = new NackAnswers(context);
        this.acks = new Acknowledgements(context);
        // Fragments are joined after the window has put them in order; the window counts each as a message.
        this.reassembly = new Reassembly(Reassembly.MAX_PENDING, Reassembly.MAX_AGE_MILLIS, context.timer(),
                context.time().nanos(), new Reassembly.Outcome() {
                    @Override
                    public void whole(ChatMessage message) {
                        Room room = c.rooms().find(message.room());
                        if (room != null) { // not left in the meantime
                            Inbox.this.deliver(room, message);
                        }
                    }

                    @Override
                    public void dropped(String room, String text) {
                        c.counters().incompleteDropped.increment();
                        c.dispatch().notice(new Notice(room, Notice.Level.WARNING, text));
                    }
                });
        this.windows = new ReceiveWindows(MAX_STREAMS, context.holdMillis(), context.timer(), context.time().nanos(),
                new ReceiveWindows.Delivery() {
                    @Override
                    public void deliver(ChatMessage message, Envelope.Fragment fragment) {
                        acks.delivered(message.room(), message.senderId(), message.sequence());
                        reassembly.delivered(message, fragment);
                    }

                    @Override
                    public void lost(String room, String senderId, String handle, long count) {
                        if (count > MAX_CREDIBLE_LOSS) {
                            // Nobody sends that many unheard: a forged or broken numbering, not a loss to count.
                            c.counters().jumps.increment();
                            c.dispatch().notice(new Notice(room, Notice.Level.WARNING, handle + "'s numbering in " + room
                                    + " jumped ahead by " + count + "; the messages in between are not counted as lost"));
                        } else {
                            c.counters().lost.add(count);
                            c.dispatch().notice(new Notice(room, Notice.Level.WARNING, "lost " + count
                                    + (count == 1 ? " message" : " messages") + " from " + handle + " in " + room));
                        }
                        reassembly.lost(room, senderId, count);
                    }
                }, this::requestRepair, REQUEST_INTERVAL_MILLIS);
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

    /**
     * Every datagram a node multicasts comes back to it. Known by its source port, it is dropped before it is
     * opened or decoded only to find this node's id in it; while a probe is under way, that still has to be
     * seen coming back, so then nothing is dropped here.
     */
    @Override
    public boolean ownDropped(Membership membership, InetSocketAddress source) {
        if (!ownProbeWatchers.isEmpty() || !membership.isOwn(source)) {
            return false;
        }
        c.counters().received.increment();
        c.counters().own.increment();
        return true;
    }

    @Override
    public void received(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source) {
        if (channel.wire() == Wire.HUDDLE && DatagramBundle.isBundle(payload)) {
            unbundle(channel, membership, payload, source);
            return;
        }
        c.counters().received.increment();
        Envelope e;
        try {
            e = c.codecs().forWire(channel.wire()).decode(payload);
        } catch (MalformedDatagramException ex) {
            c.counters().dropped(ex.reason());
            return;
        }
        switch (channel.wire()) {
            case HUDDLE -> huddle(channel, membership, e, source);
            case BACKCHANNEL -> backchannel(channel, e, source);
        }
    }

    /** Each part of a bundle as if it had arrived alone. */
    private void unbundle(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source) {
        List<ByteBuffer> parts;
        try {
            parts = DatagramBundle.split(payload);
        } catch (MalformedDatagramException ex) {
            c.counters().received.increment();
            c.counters().dropped(ex.reason());
            return;
        }
        for (ByteBuffer part : parts) {
            if (DatagramBundle.isBundle(part)) { // never nested
                c.counters().received.increment();
                c.counters().dropped(MalformedDatagramException.Reason.BAD_BUNDLE);
            } else {
                received(channel, membership, part, source);
            }
        }
    }

    private void huddle(RoomChannel channel, Membership membership, Envelope e, InetSocketAddress source) {
        if (c.selfId().equals(e.senderId())) {
            c.counters().own.increment();
            if (e.type() == Envelope.Type.PING) {
                Consumer<InetSocketAddress> watcher = ownProbeWatchers.get(e.sequence());
                if (watcher != null) {
                    watcher.accept(source);
                }
            }
            return;
        }
        switch (e.type()) {
            case MESSAGE -> {
                if (e.extras().replay()) {
                    replayed(channel, e);
                } else {
                    message(channel, e, source);
                }
            }
            case HISTORY_REQUEST -> historyRequest(channel, e);
            case PING -> ping(channel, membership, e, source);
            case NACK -> nackAnswers.nack(channel, e);
            case HELLO -> hello(channel, e, source);
            case BYE -> bye(channel, e);
            case ACK -> ack(channel, e);
            default -> c.counters().otherRooms.increment(); // a pong or beacon has no business on a room channel
        }
    }

    private void message(RoomChannel channel, Envelope e, InetSocketAddress source) {
        Room room = c.rooms().find(e.room(), channel);
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
        c.peers().heard(e.handle(), e.senderId(), channel.secret(), source, "room " + room.name());
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
            // the engine is stopping
        }
    }

    /** A member's acknowledgement of this node's messages: flow control, for members known in the room. */
    private void ack(RoomChannel channel, Envelope e) {
        c.counters().acksReceived.increment();
        Room room = c.rooms().find(e.room(), channel);
        if (room != null && c.selfId().equals(e.extras().of()) && c.presence().isIn(e.senderId(), room.name())) {
            c.sendWindows().acked(room.name(), e.senderId(), e.sequence());
        }
    }

    private void bye(RoomChannel channel, Envelope e) {
        c.presence().bye(channel, e);
        if (e.room().isEmpty()) {
            c.rooms().all().forEach(room -> c.sendWindows().left(room.name(), e.senderId()));
        } else {
            c.sendWindows().left(e.room(), e.senderId());
        }
    }

    /** Control traffic of history sync: for a room this node is not in, nothing to do and nothing to count. */
    private void replayed(RoomChannel channel, Envelope e) {
        Room room = c.rooms().find(e.room(), channel);
        if (room != null) {
            c.history().replayed(room, e);
        }
    }

    private void historyRequest(RoomChannel channel, Envelope e) {
        Room room = c.rooms().find(e.room(), channel);
        if (room != null) {
            c.history().requested(room, e);
        }
    }

    /**
     * A peer's presence; and the highest sequence it sent in each room this node shares with it, so that the
     * loss of its last messages is noticed (no later message would show the gap).
     */
    private void hello(RoomChannel channel, Envelope e, InetSocketAddress source) {
        c.presence().hello(channel, e, source);
        e.extras().rooms().forEach((name, highest) -> {
            if (c.rooms().find(name, channel) != null) {
                windows.announced(name, e.senderId(), e.handle(), highest);
            }
        });
    }

    /** Multicasts a NACK on the room's channel, so the sender answers whoever else missed the same. */
    private void requestRepair(String roomName, String senderId, List<Envelope.Range> missing) {
        Room room = c.rooms().find(roomName);
        if (room == null) {
            return;
        }
        if (!ResendBudget.take(nacks, strangerNacks, c.presence().isIn(senderId, roomName))) {
            c.counters().nacksRefused.increment();
            return; // asked again at the next interval, until the hold time gives the gap up
        }
        if (c.sender().send(room.channel(), c.codecs().huddle().encode(new Envelope(Envelope.Type.NACK, c.selfId(),
                c.handle().get(), roomName, 0, c.time().millis(), "", Envelope.Extras.nack(senderId, missing))))) {
            c.counters().nacksSent.increment();
        } // else the next request tries again, and the hold time bounds the wait
    }

    /** A probe of a room this node is in, or of the bare channel, gets one answer saying who answers. */
    private void ping(RoomChannel channel, Membership membership, Envelope e, InetSocketAddress source) {
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
            return; // cannot happen with a valid handle and room; nothing sensible to answer otherwise
        }
        c.responder().answer(e.senderId(), e.sequence(), pong, membership, source);
    }

    /** backchannel has no rooms and no sequence numbers: one room per channel, copies told apart by content. */
    private void backchannel(RoomChannel channel, Envelope e, InetSocketAddress source) {
        if (c.selfId().equals(e.senderId())) {
            c.counters().own.increment();
            return;
        }
        Room room = c.rooms().findOn(channel);
        if (room == null) {
            c.counters().otherRooms.increment();
            return;
        }
        long now = c.time().millis();
        if (!echoes.firstTime(e.senderId(), e.handle(), e.content(), now)) {
            c.counters().duplicates.increment();
            return;
        }
        c.peers().heard(e.handle(), e.senderId(), source, "room " + room.name());
        deliver(room, new ChatMessage(room.name(), e.senderId(), e.handle(), 0, Instant.ofEpochMilli(now), e.content(),
                false));
    }

    private void deliver(Room room, ChatMessage message) {
        if (message.timestamp().isBefore(room.joinedAt().minusMillis(BEFORE_JOIN_SLACK_MILLIS))) {
            // Fetched by repair from a sender first heard early, but said before this node joined: history.
            c.counters().historyMerged.add(room.history().merge(List.of(message)));
            return;
        }
        room.history().add(message);
        c.counters().delivered.increment();
        c.dispatch().message(message);
    }
}
