package org.huddle.engine.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.huddle.api.ChatException;
import org.huddle.api.JoinOptions;
import org.huddle.api.Notice;
import org.huddle.api.RoomInfo;
import org.huddle.api.transport.Channel;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.delivery.HistorySync;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.history.SavedState;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.rooms.RoomChannels;
import org.huddle.engine.internal.rooms.RoomRegistry;
import org.huddle.engine.internal.sealing.RoomSecret;

/**
 * This node going into rooms and out of them: the room and its channel, and what follows a room in and out
 * (presence, history sync, the receive path's state, the saved rooms). Runs on the caller's thread (a command,
 * a configured room, the restore at start); opening and releasing channels happens outside every lock.
 */
final class RoomMembership {

    /**
     * What joining and leaving reach.
     *
     * @param saved       the saved handle and rooms, which the engine may replace once at start
     * @param saveLater   writes the saved state off the caller's thread
     * @param networkName mixed into encrypted rooms' keys
     * @param awaitSent   waits for what was said to go out, before a room's bye and the closing of its channel
     */
    record Parts(RoomRegistry rooms, BoundTransport transport, Presence presence, HistorySync historySync, Inbox inbox,
            ListenerDispatch dispatch, Supplier<SavedState> saved, Runnable saveLater, Supplier<String> networkName,
            Runnable awaitSent) {
    }

    private final Parts p;

    RoomMembership(Parts parts) {
        this.p = parts;
    }

    RoomInfo join(String name, JoinOptions options, boolean select) {
        Room joined = p.rooms().find(name);
        if (joined != null && options.equals(JoinOptions.DEFAULT)) {
            // A joined room named alone is that room, encrypted or on a channel of its own: its passphrase and
            // channel need not be given again to talk there (chat:chat plans, /join plans).
            return select ? select(name) : info(joined);
        }
        OpenChannels b = p.transport().current();
        RoomChannel channel = RoomChannels.resolve(options, b == null ? null : b.transport().defaultChannel());
        if (options.encrypted()) {
            channel = RoomChannels.sealed(channel, name, options.passphrase(), p.networkName().get());
        }
        boolean existed = joined != null;
        Room room = p.rooms().join(name, channel, select);
        if (b != null) {
            try {
                b.open(channel);
            } catch (IOException | RuntimeException e) {
                if (!existed) {
                    p.rooms().leave(name);
                }
                throw new ChatException("cannot open " + channel.describe(channelOf(channel, b)) + ": " + e.getMessage(), e);
            }
        }
        if (!existed) {
            p.presence().joined(room);
            p.historySync().joined(room);
            if (options.encrypted() && RoomSecret.isWeak(options.passphrase())) {
                p.dispatch().notice(new Notice(name, Notice.Level.WARNING, "the passphrase of " + name + " is short: "
                        + "anyone who captured one datagram of the room can guess it offline; four or more random "
                        + "words hold"));
            }
        }
        p.saved().get().joined(name, options, p.rooms().current());
        p.saveLater().run();
        return info(room);
    }

    private static Channel channelOf(RoomChannel channel, OpenChannels b) {
        return channel.followsDefault() ? b.transport().defaultChannel() : channel.channel();
    }

    RoomInfo select(String room) {
        RoomInfo selected = info(p.rooms().select(room));
        p.saved().get().selected(p.rooms().current());
        p.saveLater().run();
        return selected;
    }

    void leave(String name) {
        Room room = p.rooms().require(name);
        p.awaitSent().run(); // what was said in the room goes out before its bye and before its channel closes
        p.rooms().leave(name);
        p.saved().get().left(name, p.rooms().current());
        p.saveLater().run();
        p.presence().left(room); // before the channel may close
        p.historySync().left(room);
        p.inbox().left(name);
        OpenChannels b = p.transport().current();
        if (b != null) {
            // An encrypted room's channel rides on its base channel: each closes when nothing uses it any more.
            for (RoomChannel c : room.channel().sealed() ? List.of(room.channel(), room.channel().base())
                    : List.of(room.channel())) {
                if (p.rooms().all().stream().noneMatch(r -> r.channel().equals(c) || r.channel().base().equals(c))) {
                    b.release(c);
                }
            }
        }
    }

    List<RoomInfo> all() {
        List<RoomInfo> result = new ArrayList<>();
        for (Room room : p.rooms().all()) {
            result.add(info(room));
        }
        return result;
    }

    RoomInfo info(Room room) {
        OpenChannels b = p.transport().current();
        boolean current = p.rooms().current().map(room.name()::equals).orElse(false);
        String channel = b == null ? "(no transport)" : b.describe(room.channel());
        return new RoomInfo(room.name(), current, channel, room.history().size(), room.channel().sealed());
    }
}
