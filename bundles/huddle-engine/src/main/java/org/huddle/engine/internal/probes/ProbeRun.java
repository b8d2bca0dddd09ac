package org.huddle.engine.internal.probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.huddle.api.ChatException;
import org.huddle.api.Probe;
import org.huddle.api.ProbeReply;
import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannels;
import org.huddle.engine.internal.rooms.RoomRegistry;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;

/**
 * One probe: a Huddle ping to a room's channel or to given groups, and the replies collected until the
 * timeout. A Huddle node answers with a pong naming itself; anything else that comes back (PyMOTW's
 * receiver sends {@code ack}) counts as a reply too, shown as the text it is.
 */
public final class ProbeRun {

    /** Enough of a foreign reply to recognise it, without letting a peer fill the screen. */
    private static final int MAX_FOREIGN_TEXT = 200;

    /**
     * At most this many replies to one probe: a segment rarely holds more nodes, and replies come by unicast from
     * anyone, outside the flood limit of a channel.
     */
    public static final int MAX_REPLIES = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String selfId;
    private final String handle;
    private final MessageCodec codec;
    private final OpenChannels binding;
    private final RoomRegistry rooms;

    public ProbeRun(String selfId, String handle, MessageCodec codec, OpenChannels binding, RoomRegistry rooms) {
        this.selfId = selfId;
        this.handle = handle;
        this.codec = codec;
        this.binding = binding;
        this.rooms = rooms;
    }

    /** A random number names the probe, so a late pong of an earlier probe is not mistaken for an answer. */
    public static long newProbeNumber() {
        return RANDOM.nextLong() & Long.MAX_VALUE;
    }

    public List<ProbeReply> run(Probe probe, Consumer<ProbeReply> onReply) {
        String room = "";
        RoomSecret secret = null;
        Channel channel;
        if (probe.groups().isEmpty()) {
            Room current = rooms.requireCurrent();
            if (current.channel().wire() != Wire.HUDDLE) {
                throw new ChatException("room " + current.name() + " speaks the " + current.channel().wire().label()
                        + " wire, whose clients would crash on a probe; probe another group with --group");
            }
            room = current.name();
            secret = current.channel().secret(); // an encrypted room is probed sealed, and answered so
            Membership m = binding.find(current.channel());
            channel = m != null ? m.channel()
                    : current.channel().followsDefault() ? binding.transport().defaultChannel() : current.channel().channel();
            if (probe.port() != 0) {
                channel = new Channel(channel.groups(), probe.port());
            }
        } else {
            int port = probe.port() != 0 ? probe.port() : binding.transport().defaultChannel().port();
            try {
                channel = new Channel(RoomChannels.groups(probe.groups()), port);
            } catch (IllegalArgumentException e) {
                throw new ChatException(e.getMessage());
            }
        }
        refuseBackchannel(channel);
        return send(channel, room, secret, probe, onReply);
    }

    /**
     * Backchannel's clients bind the wildcard address on their port, so a probe to any group on it reaches them,
     * and their receive thread dies on anything but a chat message. PyMOTW's receiver (10000) and the discovery
     * listeners (9778) read probes fine: answering them is what a probe is for.
     */
    private static void refuseBackchannel(Channel channel) {
        if (channel.port() == Wire.BACKCHANNEL.defaultPort()) {
            throw new ChatException("no probe goes to port " + channel.port()
                    + ": backchannel clients listen there and their receive thread dies on anything but a chat message");
        }
    }

    private List<ProbeReply> send(Channel channel, String room, RoomSecret secret, Probe probe,
            Consumer<ProbeReply> onReply) {
        long number = newProbeNumber();
        ByteBuffer ping;
        try {
            ping = codec.encode(new Envelope(Envelope.Type.PING, selfId, handle, room, number,
                    System.currentTimeMillis(), probe.text()));
        } catch (IllegalArgumentException tooLong) {
            throw new ChatException("probe text too long: " + tooLong.getMessage());
        }
        if (secret != null) {
            ping = binding.sealing().seal(secret, ping);
        }
        List<ProbeReply> replies = new ArrayList<>();
        Set<InetSocketAddress> answered = new HashSet<>();
        long start = System.nanoTime();
        try {
            // On the transport's probe thread, one reply after another: the set and the list need no lock.
            binding.transport().probe(channel, ping, probe.timeout(), (payload, source) -> {
                if (replies.size() >= MAX_REPLIES || answered.contains(source)) {
                    return; // anyone can answer by unicast, as often as they like: bounded, one reply a source
                }
                ByteBuffer opened = opened(secret, payload);
                ProbeReply reply = opened == null ? null
                        : reply(opened, source, number, Duration.ofNanos(System.nanoTime() - start));
                if (reply != null) {
                    answered.add(source);
                    replies.add(reply);
                    onReply.accept(reply);
                }
            });
        } catch (IOException e) {
            // The transport's message names the channel and every interface's reason already.
            throw new ChatException(e.getMessage(), e);
        }
        return replies;
    }

    /**
     * @return a reply as it came when the probe was in clear; for a probe of an encrypted room, the reply opened
     *         with the room's key, or {@code null} when it is not sealed with it: only members can answer there,
     *         and anything else is a stranger's word that must not show as an answer from the room
     */
    private static ByteBuffer opened(RoomSecret secret, ByteBuffer payload) {
        if (secret == null) {
            return payload;
        }
        if (!SealedDatagram.isSealed(payload)) {
            return null;
        }
        try {
            return SealedDatagram.open(secret, payload).datagram();
        } catch (SealedDatagram.Unopened e) {
            return null;
        }
    }

    /** @return the reply, or {@code null} for a Huddle datagram that answers some other probe */
    private ProbeReply reply(ByteBuffer payload, InetSocketAddress source, long number, Duration rtt) {
        ByteBuffer copy = payload.duplicate();
        try {
            Envelope e = codec.decode(payload);
            if (e.type() == Envelope.Type.PONG && e.sequence() == number) {
                return new ProbeReply(source, rtt, e.content(), true);
            }
            return null;
        } catch (MalformedDatagramException notHuddle) {
            String text = StandardCharsets.UTF_8.decode(copy).toString().strip();
            if (text.length() > MAX_FOREIGN_TEXT) {
                text = text.substring(0, MAX_FOREIGN_TEXT) + "…";
            }
            return new ProbeReply(source, rtt, text, false);
        }
    }
}
