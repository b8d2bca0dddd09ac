package org.huddle.transport.multicast.internal;

/**
 * What every socket of one transport instance shares: where it counts, where it reports, and which addresses
 * are this host's.
 */
record SocketContext(TransportCounters counters, Warnings warnings, HostAddresses hostAddresses) {
}
