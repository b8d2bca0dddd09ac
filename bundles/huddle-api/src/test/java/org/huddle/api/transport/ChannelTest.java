package org.huddle.api.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChannelTest {

    private static InetAddress a(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv6IsWrittenInItsShortFormAndBracketed() throws Exception {
        assertEquals("[ff02::4845]:7448", new Channel(List.of(a("ff02:0:0:0:0:0:0:4845")), 7448).toString());
        assertEquals("239.255.72.68:7446", new Channel(List.of(a("239.255.72.68")), 7446).toString());
        assertEquals("[239.255.72.68, ff02::4844]:7446",
                new Channel(List.of(a("239.255.72.68"), a("ff02::4844")), 7446).toString());
    }

    @Test
    void theLongestRunOfZerosIsShortenedAndASingleZeroIsNot() throws Exception {
        assertEquals("ff05::1:0:0:4844", Channel.literal(a("ff05:0:0:0:1:0:0:4844")));
        assertEquals("ff02:0:1:2:3:4:5:6", Channel.literal(a("ff02:0:1:2:3:4:5:6")));
        assertEquals("ff02::", Channel.literal(a("ff02::")));
        assertEquals("::1", Channel.literal(a("::1")));
        assertEquals("fe80::1", Channel.literal(a("fe80::1%1")));
    }

    @Test
    void onlyMulticastGroupsAndRealPortsMakeAChannel() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Channel(List.of(a("10.0.0.1")), 7446));
        assertThrows(IllegalArgumentException.class, () -> new Channel(List.of(), 7446));
        assertThrows(IllegalArgumentException.class, () -> new Channel(List.of(a("239.1.1.1")), 0));
    }
}
