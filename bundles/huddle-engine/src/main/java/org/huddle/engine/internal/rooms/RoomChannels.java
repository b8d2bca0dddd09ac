package org.huddle.engine.internal.rooms;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.huddle.api.ChatException;
import org.huddle.api.JoinOptions;
import org.huddle.api.Names;
import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.engine.internal.sealing.RoomSecret;

/**
 * Turns what a user asked for (a wire, groups, a port) into a checked {@link RoomChannel}, refusing channels
 * where Huddle's traffic would reach an origin program that cannot read it.
 */
public final class RoomChannels {

    /**
     * Ports of the origin programs. Their listeners bind the wildcard address, so they receive every group any
     * socket on their host joined on that port: Huddle's own wire there would crash backchannel's receive
     * thread, flood PyMOTW receivers with acks to send, and print noise in the discovery listeners.
     */
    static final Set<Integer> ORIGIN_PORTS = Set.of(Wire.BACKCHANNEL.defaultPort(), 9778, 10000);

    private RoomChannels() {
    }

    /**
     * @param transportDefault the bound transport's default channel, or {@code null} when none is bound
     */
    public static RoomChannel resolve(JoinOptions options, Channel transportDefault) {
        Wire wire = options.wire();
        if (wire == Wire.HUDDLE && options.defaultChannel()) {
            return RoomChannel.DEFAULT;
        }
        List<InetAddress> groups = options.groups().isEmpty() ? defaultGroups(wire, transportDefault)
                : groups(options.groups());
        int port = options.port() != 0 ? options.port()
                : wire == Wire.HUDDLE && transportDefault != null ? transportDefault.port() : wire.defaultPort();
        Channel channel;
        try {
            channel = new Channel(groups, port);
        } catch (IllegalArgumentException e) {
            throw new ChatException(e.getMessage());
        }
        if (wire == Wire.HUDDLE) {
            refuseOriginChannel(channel);
            if (channel.equals(transportDefault)) {
                return RoomChannel.DEFAULT;
            }
        }
        return new RoomChannel(wire, channel);
    }

    /**
     * @param networkName mixed into the key with the room's name (network.name; blank: none)
     * @return the channel sealed with the keys derived from the room's name and passphrase: slow on purpose
     *         (RoomSecret.MEMORY_KIB), so a join takes a fraction of a second
     * @throws ChatException for a wire that cannot be encrypted, or a room name that is not allowed
     */
    public static RoomChannel sealed(RoomChannel channel, String room, String passphrase, String networkName) {
        if (channel.wire() != Wire.HUDDLE) {
            throw new ChatException("the " + channel.wire().label() + " wire cannot be encrypted: its programs read "
                    + "plain JSON only; join without --passphrase, or use Huddle's wire");
        }
        if (!Names.isRoom(room)) {
            throw new ChatException("invalid room name '" + room + "': use " + Names.ROOM_RULE);
        }
        return channel.sealedWith(RoomSecret.derive(room, passphrase, networkName));
    }

    /** @throws ChatException when Huddle's wire on this channel would reach an origin program */
    private static void refuseOriginChannel(Channel channel) {
        if (ORIGIN_PORTS.contains(channel.port()) || channel.groups().contains(address(Wire.BACKCHANNEL.defaultGroup()))) {
            String hint = channel.port() == Wire.BACKCHANNEL.defaultPort()
                    || channel.groups().contains(address(Wire.BACKCHANNEL.defaultGroup()))
                            ? "; to talk to backchannel clients use chat:join --wire backchannel <room>"
                            : "; choose another port";
            throw new ChatException("a room on Huddle's wire cannot use " + channel + ": an origin program listens there and "
                    + "cannot read Huddle's format" + hint);
        }
    }

    private static List<InetAddress> defaultGroups(Wire wire, Channel transportDefault) {
        if (wire == Wire.HUDDLE && transportDefault != null) {
            return transportDefault.groups();
        }
        return List.of(address(wire.defaultGroup()));
    }

    /** @throws ChatException for anything that is not a multicast address literal */
    public static List<InetAddress> groups(List<String> literals) {
        List<InetAddress> groups = new ArrayList<>();
        for (String literal : literals) {
            for (String item : literal.split("[,\\s]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                // Literals only: a name here would mean a DNS lookup, and a typo would mean a long wait.
                if (!item.matches("[0-9a-fA-F.:]+")) {
                    throw new ChatException("group '" + item + "' is not an IP address: give a multicast address "
                            + "such as 239.255.72.70 or ff02::4845");
                }
                InetAddress a;
                try {
                    a = InetAddress.getByName(item);
                } catch (UnknownHostException e) {
                    throw new ChatException("group '" + item + "' is not a valid IP address");
                }
                if (!a.isMulticastAddress()) {
                    throw new ChatException(item + " is not a multicast address (IPv4 224.0.0.0/4, IPv6 ff00::/8)");
                }
                groups.add(a);
            }
        }
        if (groups.isEmpty()) {
            throw new ChatException("no group given");
        }
        return groups;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
