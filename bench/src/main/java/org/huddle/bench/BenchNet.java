package org.huddle.bench;

import java.util.List;

/**
 * Where a round's members talk: loopback in the harness' own namespace ({@link #LOOPBACK}: 64 KiB MTU, one
 * source address for all), or a {@link BenchLan} of namespaces (1,500-byte MTU, an address per member).
 */
interface BenchNet extends AutoCloseable {

    /** Loopback: every member in the harness' namespace, on {@code lo} and 127.0.0.1. */
    BenchNet LOOPBACK = new BenchNet() {
        @Override
        public String name() {
            return "lo";
        }

        @Override
        public List<String> commandPrefix(int id) {
            return List.of();
        }

        @Override
        public MemberNet member(int id, int count) {
            return new MemberNet("lo", "127.0.0.1", List.of("127.0.0.1"));
        }

        @Override
        public void close() {
        }
    };

    /** As the table names it: {@code lo} or {@code lan}. */
    String name();

    /** What runs member {@code id}'s JVM inside its place on this network (empty: here). */
    List<String> commandPrefix(int id);

    /** Member {@code id}'s interface, address and the addresses of all {@code count} members. */
    MemberNet member(int id, int count);

    @Override
    void close();
}
