package org.huddle.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A "who is listening?" probe: one datagram to a channel, answered by unicast replies.
 *
 * @param groups  multicast group literals to probe; empty for the current room's channel
 * @param port    UDP port, or 0 for the current room's (required when groups are given)
 * @param timeout how long to collect replies
 * @param text    what the probe carries, shown by listeners that print what they receive
 */
public record Probe(List<String> groups, int port, Duration timeout, String text) {

    public Probe {
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(text, "text");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }
}
