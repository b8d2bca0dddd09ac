package org.huddle.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The wire format a room speaks: Huddle's own, or that of an origin program Huddle talks to.
 */
public enum Wire {

    /** Huddle's own JSON format, with sequence numbers, probes and rooms sharing a channel. */
    HUDDLE("huddle", "239.255.72.68", 7446),

    /**
     * The backchannel chat's {@code {client_id, handle, content}} JSON, at most 1024 bytes a datagram, one room
     * a group, and nothing but chat messages on it.
     */
    BACKCHANNEL("backchannel", "224.6.8.11", 6811);

    private final String label;
    private final String defaultGroup;
    private final int defaultPort;

    Wire(String label, String defaultGroup, int defaultPort) {
        this.label = label;
        this.defaultGroup = defaultGroup;
        this.defaultPort = defaultPort;
    }

    /** @return the name users give, for example {@code backchannel} */
    public String label() {
        return label;
    }

    /** @return the group the origin program uses (Huddle's own wire uses the transport's configured groups) */
    public String defaultGroup() {
        return defaultGroup;
    }

    /** @return the port the origin program uses (Huddle's own wire uses the transport's configured port) */
    public int defaultPort() {
        return defaultPort;
    }

    /** @return the wire with this label, ignoring case */
    public static Optional<Wire> of(String label) {
        for (Wire w : values()) {
            if (w.label.equals(label == null ? null : label.toLowerCase(Locale.ROOT))) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }
}
