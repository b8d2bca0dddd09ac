package org.huddle.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RecentDatagramsTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDatagramIsPassedOnOnceAndItsReturnIsRecognised() {
        RecentDatagrams recent = new RecentDatagrams();
        ByteBuffer d = bytes("{\"t\":\"msg\",\"seq\":1}");
        assertTrue(recent.firstTime(d));
        assertFalse(recent.firstTime(bytes("{\"t\":\"msg\",\"seq\":1}")), "the same bytes again");
        assertTrue(recent.firstTime(bytes("{\"t\":\"msg\",\"seq\":2}")));
        assertTrue(d.remaining() > 0, "the datagram is not consumed");
    }

    @Test
    void onlyTheLatestAreRemembered() {
        RecentDatagrams recent = new RecentDatagrams();
        recent.firstTime(bytes("first"));
        for (int i = 0; i < RecentDatagrams.CAPACITY; i++) {
            recent.firstTime(bytes("filler " + i));
        }
        assertTrue(recent.firstTime(bytes("first")), "forgotten after " + RecentDatagrams.CAPACITY + " others");
    }

    @Test
    void theDigestLooksAtEveryByteAndTheLength() {
        assertNotEquals(RecentDatagrams.digest(bytes("ab")), RecentDatagrams.digest(bytes("ba")));
        assertNotEquals(RecentDatagrams.digest(ByteBuffer.wrap(new byte[1])), RecentDatagrams.digest(ByteBuffer.wrap(new byte[2])));
        ByteBuffer window = ByteBuffer.wrap("xxabyy".getBytes(StandardCharsets.UTF_8), 2, 2);
        assertTrue(RecentDatagrams.digest(window) == RecentDatagrams.digest(bytes("ab")), "only the remaining bytes");
    }
}
