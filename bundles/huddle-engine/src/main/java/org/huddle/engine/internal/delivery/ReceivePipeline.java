package org.huddle.engine.internal.delivery;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.bundling.DatagramBundle;
import org.huddle.engine.internal.channels.Arrival;
import org.huddle.engine.internal.channels.ChannelReceiver;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.channels.RoomSealing;
import org.huddle.engine.internal.flood.FloodControl;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.sealing.SealedDatagram;

/**
 * The one receive path of the engine: every datagram of every channel (room channels of both wires, and the
 * origin programs' beacon) meets these stages in this order, on the transport's receive thread, and a stage
 * that drops it counts why and ends its way (docs/reliability.md, The receive pipeline):
 *
 * <pre>
 *   own-drop    this node's own datagram looped back, known by its source port      HUDDLE, BEACON
 *   flood       over its host's rate (FloodControl)                                    all
 *   open-seal   a sealed datagram: the room's key found, opened, replays refused      HUDDLE
 *   unbundle    a bundle split into its datagrams, each going on alone               HUDDLE
 *   decode      bytes to an envelope with the lane's codec                            all
 *   by type     message -> window -> reassembly -> delivery; the rest to its handler    HUDDLE, BACKCHANNEL
 *               (the beacon's last stage: the peer table)                             BEACON
 * </pre>
 *
 * The stages are the methods below, called in that order from {@link #arrived}; what follows the window runs
 * after the window's lock, one way (ReceiveWindows, Reassembly, RoomDelivery), and front ends are called on
 * {@code huddle-dispatch}. Never throws.
 */
public final class ReceivePipeline implements ChannelReceiver {

    /** What differs between channels: which stages apply, and (by {@link #codec}) how they decode. */
    enum Lane {
        HUDDLE(true, true), BACKCHANNEL(false, false), BEACON(true, false);

        /** own-drop by source port; open-seal and unbundle (only Huddle's wire has seals and bundles) */
        final boolean ownDrop;
        final boolean sealsAndBundles;

        Lane(boolean ownDrop, boolean sealsAndBundles) {
            this.ownDrop = ownDrop;
            this.sealsAndBundles = sealsAndBundles;
        }

        static Lane of(RoomChannel channel) {
            return switch (channel.wire()) {
                case HUDDLE -> HUDDLE;
                case BACKCHANNEL -> BACKCHANNEL;
            };
        }
    }

    private final ReceiveContext c;
    private final Inbox inbox;
    private final NackAnswers nackAnswers;
    private final FloodControl flood;
    private final RoomSealing sealing;
    private final Supplier<OpenChannels> open;

    /** @param open the channels open now, where a sealed datagram finds the encrypted rooms on its channel */
    public ReceivePipeline(ReceiveContext context, Inbox inbox, FloodControl flood, RoomSealing sealing,
            Supplier<OpenChannels> open) {
        this.c = context;
        this.inbox = inbox;
        this.nackAnswers = new NackAnswers(context);
        this.flood = flood;
        this.sealing = sealing;
        this.open = open;
    }

    @Override
    public void received(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source) {
        arrived(Lane.of(channel), new Arrival(channel, membership, payload, source));
    }

    @Override
    public void beacon(Membership membership, ByteBuffer payload, InetSocketAddress source) {
        arrived(Lane.BEACON, new Arrival(null, membership, payload, source));
    }

    /** The stages, in order. */
    private void arrived(Lane lane, Arrival a) {
        if (ownDropped(lane, a) || !flood.admit(a.source())) {
            return;
        }
        Arrival opened = lane.sealsAndBundles && SealedDatagram.isSealed(a.payload()) ? openSeal(a) : a;
        if (opened != null) {
            opened(lane, opened);
        }
    }

    /** From unbundle on: also where tests feed a room channel's datagrams past own-drop, flood and seals. */
    public void opened(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source) {
        opened(Lane.of(channel), new Arrival(channel, membership, payload, source));
    }

    private void opened(Lane lane, Arrival a) {
        c.counters().received.increment();
        for (ByteBuffer part : unbundle(lane, a.payload())) {
            Envelope e = decode(lane, part);
            if (e != null) {
                byType(lane, a.with(part), e);
            }
        }
    }

    /** own-drop: a node's own datagram looped back, before it costs a rate check, a seal or a parse. */
    private boolean ownDropped(Lane lane, Arrival a) {
        if (!lane.ownDrop || a.membership() == null || (lane == Lane.HUDDLE && inbox.watchingOwnProbes())
                || !a.membership().isOwn(a.source())) {
            return false;
        }
        c.counters().received.increment();
        c.counters().own.increment();
        return true;
    }

    /** open-seal: to the encrypted room whose key opens it, as if it had arrived on that room's channel. */
    private Arrival openSeal(Arrival a) {
        OpenChannels channels = open.get();
        Map<RoomChannel, Membership> sealedHere = channels == null ? Map.of() : channels.sealedOn(a.channel());
        return sealing.open(a, sealedHere);
    }

    /** unbundle: a bundle's datagrams, each to be decoded as if it had arrived alone; a bad bundle is dropped whole. */
    private List<ByteBuffer> unbundle(Lane lane, ByteBuffer payload) {
        if (!lane.sealsAndBundles || !DatagramBundle.isBundle(payload)) {
            return List.of(payload);
        }
        try {
            List<ByteBuffer> parts = DatagramBundle.split(payload);
            c.counters().bundlesReceived.increment();
            return parts;
        } catch (MalformedDatagramException ex) {
            c.counters().dropped(ex.reason());
            return List.of();
        }
    }

    /** decode: with the lane's codec; what it refuses is counted by its reason. */
    private Envelope decode(Lane lane, ByteBuffer part) {
        try {
            return codec(lane).decode(part);
        } catch (MalformedDatagramException ex) {
            c.counters().dropped(ex.reason());
            return null;
        }
    }

    private MessageCodec codec(Lane lane) {
        return switch (lane) {
            case HUDDLE -> c.codecs().huddle();
            case BACKCHANNEL -> c.codecs().backchannel();
            case BEACON -> c.codecs().beacon();
        };
    }

    /** by type: the one place where a decoded datagram goes to what handles its type. */
    private void byType(Lane lane, Arrival a, Envelope e) {
        if (lane == Lane.BEACON) {
            c.peers().heard(e.handle(), "", a.source(), "beacon");
            return;
        }
        if (lane == Lane.BACKCHANNEL) {
            inbox.backchannel(a, e);
            return;
        }
        if (c.selfId().equals(e.senderId())) {
            inbox.own(e, a.source());
            return;
        }
        switch (e.type()) {
            case MESSAGE -> {
                if (e.extras().replay()) {
                    inbox.replayed(a, e);
                } else {
                    inbox.message(a, e);
                }
            }
            case HISTORY_REQUEST -> inbox.historyRequest(a, e);
            case PING -> inbox.ping(a, e);
            case NACK -> nackAnswers.nack(a.channel(), e);
            case HELLO -> inbox.hello(a, e);
            case BYE -> inbox.bye(a, e);
            case ACK -> inbox.ack(a, e);
            default -> c.counters().otherRooms.increment(); // a pong or beacon has no business on a room channel
        }
    }
}
