package org.huddle.api;

import java.util.Objects;

/**
 * A joined room as seen by this node.
 *
 * @param name     the room's name
 * @param current  whether it is the current room ({@link ChatService#say(String)} goes there)
 * @param channel  where its traffic goes, for people (for example {@code 239.255.72.68:7446}), or
 *                 {@code "(no transport)"} while none is bound
 * @param messages  how many messages its history holds now
 * @param encrypted whether its traffic is sealed with a key from a passphrase; {@code false}: open, anyone
 *                  on the network can read and write there
 * @since 1.3 (encrypted)
 */
public record RoomInfo(String name, boolean current, String channel, int messages, boolean encrypted) {

    public RoomInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
    }

    /** An open room (API 1.2). */
    public RoomInfo(String name, boolean current, String channel, int messages) {
        this(name, current, channel, messages, false);
    }
}
