package org.huddle.bench;

/**
 * One member of a group under test, in the JVM of its own that {@link NodeMain} runs: a raw multicast
 * socket, a Huddle node, or a JGroups channel. Whatever it receives from the others goes to the
 * {@link Delivery} it was started with.
 */
public interface Member extends AutoCloseable {

    /** Sends one payload ({@link Payload}) to the whole group, blocking at most as the system itself does. */
    void send(byte[] payload) throws Exception;

    /** How many other members this one knows of now: 0 for systems without membership (raw multicast). */
    int peers();

    /** {@link System#nanoTime()} just before this member asked to join its group (socket join, room join, connect). */
    long joinedAt();

    /** Whether the system has a membership of its own, so that {@link #peers()} means something. */
    boolean hasMembership();

    @Override
    void close() throws Exception;

    /** Where a member hands every payload it receives from another member. */
    @FunctionalInterface
    interface Delivery {
        void delivered(byte[] payload, int offset, int length);
    }

    /** Starts a member of one system; {@code id} is 0 for the sender, 1.. for receivers. */
    @FunctionalInterface
    interface Factory {
        Member start(int id, int members, Delivery delivery) throws Exception;
    }

    /** @return the system's own counters, one line, for the member's log after each round; empty if it has none */
    default String stats() {
        return "";
    }
}
