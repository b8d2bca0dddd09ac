package org.huddle.engine.internal.channels;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.huddle.api.Notice;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.rooms.RoomRegistry;
import org.huddle.engine.internal.sealing.ReplayGuard;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;

/**
 * Sealing and opening for every encrypted room of the engine (docs/security.md). Outlives transport
 * bindings, so that this node's datagram counter in a room never goes back while it runs (peers would take
 * the repeated numbers for replays). Counts what it cannot open by reason, and tells once per room when
 * someone uses a room of this node with another passphrase, or encrypted while this node has it open.
 */
public final class RoomSealing {

    /** How far apart two hosts' clocks may be before their sealed datagrams are refused as stale. */
    static final long CLOCK_SKEW_MILLIS = 120_000;

    /** Bounds the replay state whatever is sent: senders heard longest ago are forgotten first. */
    public static final int MAX_SENDERS = 10_000;

    private static final int MAX_TOLD = 1_000;

    private final long self;
    private final RoomRegistry rooms;
    private final EngineCounters counters;
    private final Consumer<Notice> notices;
    private final LongSupplier clock;
    private final ReplayGuard guard;
    private final Map<RoomSecret, AtomicLong> counterBySecret = new ConcurrentHashMap<>();
    private final Map<String, byte[]> roomTags = new ConcurrentHashMap<>();
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /** @param clock {@code System::currentTimeMillis}; its reading now is when this node started */
    public RoomSealing(String selfId, RoomRegistry rooms, EngineCounters counters, Consumer<Notice> notices, LongSupplier clock) {
        this.self = Long.parseUnsignedLong(selfId, 16);
        this.rooms = rooms;
        this.counters = counters;
        this.notices = notices;
        this.clock = clock;
        this.guard = new ReplayGuard(clock.getAsLong(), CLOCK_SKEW_MILLIS, MAX_SENDERS, clock);
    }

    /** @return how many senders the replay guard keeps a window for */
    public int senders() {
        return guard.size();
    }

    public ByteBuffer seal(RoomSecret secret, ByteBuffer datagram) {
        long counter = counterBySecret.computeIfAbsent(secret, s -> new AtomicLong()).incrementAndGet();
        return SealedDatagram.seal(secret, self, counter, clock.getAsLong(), datagram);
    }

    /**
     * The receive pipeline's open-seal stage for a sealed datagram on a base channel: opened with the key of the
     * room it names and checked against replays; otherwise counted (as received, and why it was dropped).
     *
     * @param sealedHere the sealed channels on that base, with their memberships
     * @return the opened datagram as if it had arrived on that room's sealed channel, or {@code null} when dropped
     */
    public Arrival open(Arrival onBase, Map<RoomChannel, Membership> sealedHere) {
        ByteBuffer payload = onBase.payload();
        if (payload.remaining() > MessageCodec.MAX_DATAGRAM) {
            drop(Reason.OVERSIZED); // before any work: nobody seals more than that, and opening costs per byte
            return null;
        }
        byte[] roomTag = SealedDatagram.roomTag(payload);
        byte[] keyTag = SealedDatagram.keyTag(payload);
        if (roomTag == null) {
            drop(Reason.BAD_SEAL);
            return null;
        }
        for (Map.Entry<RoomChannel, Membership> sealed : sealedHere.entrySet()) {
            RoomSecret secret = sealed.getKey().secret();
            if (secret.matches(roomTag, keyTag)) {
                return open(secret, new Arrival(sealed.getKey(), sealed.getValue(), payload, onBase.source()));
            }
        }
        drop(Reason.NO_KEY);
        tellOtherKey(onBase.channel(), roomTag);
        return null;
    }

    private Arrival open(RoomSecret secret, Arrival sealed) {
        SealedDatagram.Opened opened;
        try {
            opened = SealedDatagram.open(secret, sealed.payload());
        } catch (SealedDatagram.Unopened e) {
            drop(Reason.BAD_SEAL);
            return null;
        }
        switch (guard.check(secret, opened.sender(), opened.counter(), opened.sealedAt())) {
            case FRESH -> {
                return sealed.with(opened.datagram());
            }
            case COPY -> {
                counters.received.increment();
                counters.duplicates.increment(); // the other family's copy, mostly
            }
            case STALE -> drop(Reason.STALE);
            case REPLAYED -> drop(Reason.REPLAYED);
        }
        return null;
    }

    private void drop(Reason reason) {
        counters.received.increment();
        counters.dropped(reason);
    }

    /** Someone seals for a room this node is in, with a key this node does not have: said once per room joined. */
    private void tellOtherKey(RoomChannel base, byte[] roomTag) {
        for (Room room : rooms.all()) {
            if (!room.channel().base().equals(base)
                    || !Arrays.equals(roomTags.computeIfAbsent(room.name(), RoomSecret::roomTag), roomTag)) {
                continue;
            }
            if (told.size() < MAX_TOLD && told.add(room.name())) {
                notices.accept(new Notice(room.name(), Notice.Level.WARNING, room.channel().sealed()
                        ? "someone uses " + room.name() + " with another passphrase here (or another network.name, or an "
                                + "older Huddle): neither side can read the other"
                        : "someone uses " + room.name() + " as an encrypted room here: leave it and join it again with "
                                + "its passphrase to read it"));
            }
            return;
        }
    }
}
