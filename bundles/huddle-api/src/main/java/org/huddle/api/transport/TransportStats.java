package org.huddle.api.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a transport instance's counters.
 *
 * @param name              the transport's configured name
 * @param description       what it is bound to, for people (kind, interfaces, default channel)
 * @param datagramsSent     datagrams sent (one per interface and group)
 * @param bytesSent         payload bytes sent
 * @param datagramsReceived datagrams received
 * @param bytesReceived     payload bytes received
 * @param sendErrors        sends that failed on an interface
 * @param receiveErrors     datagrams whose handling threw, counted and dropped
 * @param dropped           datagrams received and not handed on, by reason (for example {@code off-link}: from
 *                          beyond the network segment), in a stable order; empty for a transport that drops
 *                          nothing itself
 * @since 1.4 (dropped)
 */
public record TransportStats(String name, String description, long datagramsSent, long bytesSent,
        long datagramsReceived, long bytesReceived, long sendErrors, long receiveErrors, Map<String, Long> dropped) {

    public TransportStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        // kept in the order given, so that listings are stable
        dropped = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(dropped, "dropped")));
    }

    /** The snapshot of a transport that drops nothing itself (API 1.3). */
    public TransportStats(String name, String description, long datagramsSent, long bytesSent,
            long datagramsReceived, long bytesReceived, long sendErrors, long receiveErrors) {
        this(name, description, datagramsSent, bytesSent, datagramsReceived, bytesReceived, sendErrors,
                receiveErrors, Map.of());
    }
}
