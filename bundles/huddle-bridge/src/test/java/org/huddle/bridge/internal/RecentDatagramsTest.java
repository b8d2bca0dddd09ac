package org.huddle.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RecentDatagramsTest {

    private static final InetSocketAddress MARA = new InetSocketAddress("10.9.0.1", 7446);
    private static final InetSocketAddress OTHER_BRIDGE = new InetSocketAddress("10.9.0.3", 7446);
    private static final long MS = 1_000_000L;

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDatagramIsPassedOnOnceAndItsReturnIsRecognised() {
        RecentDatagrams recent = new RecentDatagrams();
        ByteBuffer d = bytes("{\"t\":\"msg\",\"seq\":1}");
        assertTrue(recent.shouldRelay(d, MARA, 0));
        assertFalse(recent.shouldRelay(bytes("{\"t\":\"msg\",\"seq\":1}"), OTHER_BRIDGE, 1 * MS),
                "the same bytes relayed back by another bridge");
        assertFalse(recent.shouldRelay(bytes("{\"t\":\"msg\",\"seq\":1}"), OTHER_BRIDGE, 10_000 * MS),
                "nor later: a loop never closes, however slow");
        assertTrue(recent.shouldRelay(bytes("{\"t\":\"msg\",\"seq\":2}"), MARA, 2 * MS));
        assertTrue(d.remaining() > 0, "the datagram is not consumed");
    }

    @Test
    void aRetransmissionFromTheSenderIsPassedOnAgainButNotAnImmediateCopy() {
        RecentDatagrams recent = new RecentDatagrams();
        assertTrue(recent.shouldRelay(bytes("sealed part 7"), MARA, 0));
        assertFalse(recent.shouldRelay(bytes("sealed part 7"), MARA, 5 * MS), "a copy on a second interface");
        assertTrue(recent.shouldRelay(bytes("sealed part 7"), MARA, 300 * MS), "resent for a NACK");
        assertFalse(recent.shouldRelay(bytes("sealed part 7"), MARA, 350 * MS), "the gap counts from the last relay");
    }

    @Test
    void onlyTheLatestAreRemembered() {
        RecentDatagrams recent = new RecentDatagrams();
        recent.shouldRelay(bytes("first"), MARA, 0);
        for (int i = 0; i < RecentDatagrams.CAPACITY; i++) {
            recent.shouldRelay(bytes("filler " + i), MARA, 0);
        }
        assertTrue(recent.shouldRelay(bytes("first"), OTHER_BRIDGE, 0),
                "forgotten after " + RecentDatagrams.CAPACITY + " others");
    }

    @Test
    void theDigestLooksAtEveryByteAndTheLength() {
        assertNotEquals(RecentDatagrams.digest(bytes("ab")), RecentDatagrams.digest(bytes("ba")));
        assertNotEquals(RecentDatagrams.digest(ByteBuffer.wrap(new byte[1])), RecentDatagrams.digest(ByteBuffer.wrap(new byte[2])));
        ByteBuffer window = ByteBuffer.wrap("xxabyy".getBytes(StandardCharsets.UTF_8), 2, 2);
        assertTrue(RecentDatagrams.digest(window) == RecentDatagrams.digest(bytes("ab")), "only the remaining bytes");
    }

    @Test
    void theSameSourceOnTheOtherSideIsACopyNotARepair() {
        RecentDatagrams recent = new RecentDatagrams();
        assertTrue(recent.shouldRelay(bytes("from the LAN"), MARA, 0, 0));
        assertFalse(recent.shouldRelay(bytes("from the LAN"), MARA, 1, 500 * MS),
                "another bridge's relay names mara too, from the cluster side");
        assertTrue(recent.shouldRelay(bytes("from the LAN"), MARA, 0, 600 * MS), "mara resending it");
    }
}
