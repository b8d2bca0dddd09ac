package org.huddle.engine.internal.presence;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.rooms.RoomRegistry;

/**
 * This node's own presence on Huddle's wire (docs/reliability.md): the {@code hello} that says which rooms of a
 * channel it is in and how far its numbering went, and the {@code bye} when it leaves. What it says in clear is
 * kept to what does not name an encrypted room's members (docs/security.md).
 *
 * <p>Threads: called by {@link Presence} from the engine's timer (every interval, answers to newcomers) and from
 * the command thread (join, leave, stop); each send is one datagram, without a lock of this class held. The
 * warning about a hello too long to list every room is said once, under this object's lock.
 */
public final class Announcements {

    private final String selfId;
    private final Supplier<String> handle;
    private final MessageCodec codec;
    private final RoomRegistry rooms;
    private final Supplier<OpenChannels> binding;
    private final OwnAddresses addresses;
    private final BiConsumer<String, Throwable> warnings;
    private boolean toldTooMany;

    Announcements(String selfId, Supplier<String> handle, MessageCodec codec, RoomRegistry rooms,
            Supplier<OpenChannels> binding, OwnAddresses addresses, BiConsumer<String, Throwable> warnings) {
        this.selfId = selfId;
        this.handle = handle;
        this.codec = codec;
        this.rooms = rooms;
        this.binding = binding;
        this.addresses = addresses;
        this.warnings = warnings;
    }

    /** A hello on every open channel of Huddle's wire where this node {@link #speaksOn speaks}: each interval. */
    void helloEverywhere() {
        OpenChannels b = binding.get();
        if (b != null) {
            b.huddleChannels().forEach((channel, m) -> {
                if (speaksOn(channel)) {
                    hello(channel, m);
                }
            });
        }
    }

    /** A hello on one channel, if it is open and this node speaks there: on joining, and in answer to a newcomer. */
    void hello(RoomChannel channel) {
        OpenChannels b = binding.get();
        Membership m = b == null ? null : b.find(channel);
        if (m != null && speaksOn(channel)) {
            hello(channel, m);
        }
    }

    /** A bye for a room just left, while its channel is still open. */
    void bye(Room room) {
        OpenChannels b = binding.get();
        Membership m = b == null ? null : b.find(room.channel());
        if (m != null) {
            send(m, new Envelope(Envelope.Type.BYE, selfId, handle.get(), room.name(), 0, System.currentTimeMillis(), ""));
        }
    }

    /**
     * Says {@code bye} on every channel of the current transport: when the engine stops, and when the whole node
     * stops, whose transport goes before the engine (so peers learn at once, instead of timing the node out, and
     * a node restarted under the same handle is not taken for a second one).
     */
    void byeAll() {
        OpenChannels b = binding.get();
        if (b != null) {
            b.huddleChannels().forEach((channel, m) -> {
                if (speaksOn(channel)) {
                    send(m, new Envelope(Envelope.Type.BYE, selfId, handle.get(), "", 0, System.currentTimeMillis(), ""));
                }
            });
        }
    }

    /**
     * Whether this node announces itself on a channel: always on an encrypted room's (sealed), and on an open
     * one when it has a room there or no encrypted room at all (so that a node in no room yet is still found).
     * A node in encrypted rooms only says nothing in clear: its handle and id there would name a member.
     */
    boolean speaksOn(RoomChannel channel) {
        if (channel.sealed()) {
            return true;
        }
        boolean anySealed = false;
        for (Room room : rooms.all()) {
            if (room.channel().equals(channel)) {
                return true;
            }
            anySealed |= room.channel().sealed();
        }
        return !anySealed;
    }

    private void hello(RoomChannel channel, Membership m) {
        Map<String, Long> highest = new LinkedHashMap<>();
        for (Room room : rooms.all()) {
            if (room.channel().equals(channel)) {
                synchronized (room) { // the send path's lock: no sequence is half taken
                    if (!room.isLeft()) {
                        highest.put(room.name(), room.peekSequence() - 1);
                    }
                }
            }
        }
        List<String> own = addresses.current();
        while (true) {
            try {
                m.send(codec.encode(new Envelope(Envelope.Type.HELLO, selfId, handle.get(), "", 0,
                        System.currentTimeMillis(), "", Envelope.Extras.hello(own, highest))));
                return;
            } catch (IllegalArgumentException tooLong) {
                // More rooms on one channel than a datagram lists: the last joined are left out, so peers take
                // this node to be out of them (messages still flow); better than no hello and timing out.
                if (highest.isEmpty() && own.isEmpty()) {
                    warnings.accept("hello not sent on " + m.channel(), tooLong);
                    return;
                }
                if (!own.isEmpty()) {
                    own = List.of();
                } else {
                    highest.remove(List.copyOf(highest.keySet()).get(highest.size() - 1));
                }
                tooMany(m);
            } catch (IOException | RuntimeException ex) {
                warnings.accept("hello not sent on " + m.channel(), ex); // the next interval says it again
                return;
            }
        }
    }

    private synchronized void tooMany(Membership m) {
        if (!toldTooMany) {
            toldTooMany = true;
            warnings.accept("more rooms on " + m.channel() + " than one hello can list: peers see only the first "
                    + "joined as this node's", null);
        }
    }

    private void send(Membership m, Envelope e) {
        try {
            m.send(codec.encode(e));
        } catch (IOException | RuntimeException ex) {
            // the next interval says it again; a bye that fails leaves peers to time this node out
            warnings.accept(e.type().name().toLowerCase() + " not sent on " + m.channel(), ex);
        }
    }
}
