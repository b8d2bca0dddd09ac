package org.huddle.transport.jgroups.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FrameSealTest {

    private static final FrameSeal SEAL = FrameSeal.derive(JGroupsTransportTest.SECRET, "huddle");

    @Test
    void aSealedFrameOpensWithTheSameSecretAndClusterOnly() {
        byte[] frame = "a batch of messages".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = SEAL.seal(frame, 2, frame.length - 2);
        assertEquals(frame.length - 2 + FrameSeal.OVERHEAD, sealed.length);
        assertTrue(!new String(sealed, StandardCharsets.ISO_8859_1).contains("batch"), "not readable on the wire");
        assertArrayEquals("batch of messages".getBytes(StandardCharsets.UTF_8), SEAL.open(sealed, 0, sealed.length).orElseThrow());
        assertTrue(FrameSeal.derive(JGroupsTransportTest.SECRET, "other").open(sealed, 0, sealed.length).isEmpty(),
                "another cluster's key");
        assertTrue(FrameSeal.derive("another secret, long enough", "huddle").open(sealed, 0, sealed.length).isEmpty());
    }

    @Test
    void aChangedOrShortFrameDoesNotOpen() {
        byte[] sealed = SEAL.seal(new byte[100], 0, 100);
        for (int i : new int[] { 0, 1, 20, sealed.length - 1 }) {
            byte[] changed = sealed.clone();
            changed[i] ^= 1;
            assertTrue(SEAL.open(changed, 0, changed.length).isEmpty(), "byte " + i + " changed");
        }
        assertTrue(SEAL.open(sealed, 0, FrameSeal.OVERHEAD - 1).isEmpty());
        assertTrue(SEAL.open(new byte[0], 0, 0).isEmpty());
        assertTrue(SEAL.open(sealed, 0, sealed.length).isPresent());
    }
}
