package org.huddle.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.huddle.api.transport.TransportStats;

/**
 * A snapshot of the engine's counters and of the transports it uses.
 *
 * @param sent       messages this node said
 * @param received   datagrams handed to the engine by transports
 * @param delivered  messages from peers delivered to front ends
 * @param own        datagrams recognised as this node's own (by sender id) and not shown again
 * @param otherRooms messages for rooms this node has not joined, ignored
 * @param duplicates datagrams of a message already delivered
 * @param dropped    datagrams dropped, by reason (for example {@code not-json}), in a stable order; every
 *                   reason is present
 * @param transports the transports in use, with their own counters
 * @param delivery   the work of reliable delivery and history sync, by name (for example {@code nacks-sent},
 *                   {@code resent}, {@code lost}), in a stable order; names are listed in docs/console.md and
 *                   new ones may appear in later versions
 * @since 1.2 (delivery)
 */
public record ChatStats(long sent, long received, long delivered, long own, long otherRooms, long duplicates,
        Map<String, Long> dropped, List<TransportStats> transports, Map<String, Long> delivery) {

    public ChatStats {
        // kept in the order given, so that listings are stable
        dropped = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(dropped, "dropped")));
        transports = List.copyOf(Objects.requireNonNull(transports, "transports"));
        delivery = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(delivery, "delivery")));
    }

    /** The snapshot of an engine without delivery counters (API 1.1). */
    public ChatStats(long sent, long received, long delivered, long own, long otherRooms, long duplicates,
            Map<String, Long> dropped, List<TransportStats> transports) {
        this(sent, received, delivered, own, otherRooms, duplicates, dropped, transports, Map.of());
    }

    /** @return the sum of all drop counters */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
