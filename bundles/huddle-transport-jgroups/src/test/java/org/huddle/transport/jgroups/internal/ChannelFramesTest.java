package org.huddle.transport.jgroups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.huddle.api.transport.Channel;
import org.junit.jupiter.api.Test;

class ChannelFramesTest {

    @Test
    void aFrameCarriesItsChannelsNameAndTheDatagramUnchanged() throws Exception {
        Channel channel = new Channel(List.of(InetAddress.getByName("239.255.72.68"), InetAddress.getByName("ff02::4844")), 7446);
        byte[] frame = ChannelFrames.frame(ChannelFrames.name(channel), ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
        byte[] padded = new byte[frame.length + 4];
        System.arraycopy(frame, 0, padded, 2, frame.length);
        ChannelFrames.Frame read = ChannelFrames.read(padded, 2, frame.length).orElseThrow();
        assertEquals("[239.255.72.68, ff02::4844]:7446", read.channel());
        assertEquals(ByteBuffer.wrap(new byte[] { 1, 2, 3 }), read.datagram());
    }

    @Test
    void aRelayedFrameCarriesItsOrigin() throws Exception {
        byte[] name = "c".getBytes(StandardCharsets.UTF_8);
        for (String origin : List.of("10.1.0.9", "fe80::1")) {
            java.net.InetSocketAddress from = new java.net.InetSocketAddress(InetAddress.getByName(origin), 65000);
            byte[] frame = ChannelFrames.relayed(name, ByteBuffer.wrap(new byte[] { 9, 8 }), from);
            ChannelFrames.Frame read = ChannelFrames.read(frame, 0, frame.length).orElseThrow();
            assertEquals("c", read.channel());
            assertEquals(from, read.origin());
            assertEquals(ByteBuffer.wrap(new byte[] { 9, 8 }), read.datagram());
            assertTrue(ChannelFrames.read(frame, 0, 6).isEmpty(), "cut short");
        }
        assertTrue(ChannelFrames.read(new byte[] { 0, 3, 4, 1, 2, 3, 4, 0, 1, 1, 'c' }, 0, 11).isEmpty(), "another version");
        assertTrue(ChannelFrames.read(new byte[] { 0, 2, 5, 1, 2, 3, 4, 5, 0, 1, 1, 'c' }, 0, 12).isEmpty(), "no address");
        byte[] plain = ChannelFrames.frame(name, ByteBuffer.wrap(new byte[] { 1 }));
        assertEquals(null, ChannelFrames.read(plain, 0, plain.length).orElseThrow().origin(), "a member's own");
    }

    @Test
    void whatIsNoFrameIsRefused() {
        assertTrue(ChannelFrames.read(new byte[0], 0, 0).isEmpty());
        assertTrue(ChannelFrames.read(new byte[] { 0, 1 }, 0, 2).isEmpty(), "no name");
        assertTrue(ChannelFrames.read(new byte[] { 5, 'a', 'b' }, 0, 3).isEmpty(), "name longer than the frame");
        byte[] nameOnly = ("\u0003abc").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(0, ChannelFrames.read(nameOnly, 0, 4).orElseThrow().datagram().remaining(), "an empty datagram is one");
    }
}
