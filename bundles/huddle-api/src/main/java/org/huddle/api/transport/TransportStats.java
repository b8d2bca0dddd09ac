package org.huddle.api.transport;

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
 */
public record TransportStats(String name, String description, long datagramsSent, long bytesSent,
        long datagramsReceived, long bytesReceived, long sendErrors, long receiveErrors) {

    public TransportStats {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
