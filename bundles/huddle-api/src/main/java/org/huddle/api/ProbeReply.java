package org.huddle.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One reply to a {@link Probe}.
 *
 * @param from      who replied (address and port the reply came from)
 * @param roundTrip time from sending the probe to receiving this reply
 * @param text      the reply as text: a Huddle node says who it is, other listeners what they sent (for
 *                  example {@code ack}); control characters are left for front ends to escape
 * @param huddle    whether the reply is a Huddle node's answer to this very probe
 */
public record ProbeReply(InetSocketAddress from, Duration roundTrip, String text, boolean huddle) {

    public ProbeReply {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(roundTrip, "roundTrip");
        Objects.requireNonNull(text, "text");
    }
}
