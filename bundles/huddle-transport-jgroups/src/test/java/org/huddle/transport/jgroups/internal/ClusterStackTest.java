package org.huddle.transport.jgroups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClusterStackTest {

    @Test
    void hostsWithAndWithoutPorts() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7800), new InetSocketAddress("127.0.0.2", 7801),
                new InetSocketAddress("::1", 7802), new InetSocketAddress("::1", 7800)),
                ClusterStack.addresses(new String[] { "127.0.0.1", " 127.0.0.2:7801 ", "[::1]:7802", "[::1]", "" }, 7800, "hosts"));
    }

    @Test
    void badHostsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterStack.addresses(new String[] { "127.0.0.1:99999" }, 7800, "hosts"));
        assertTrue(e.getMessage().contains("hosts: '127.0.0.1:99999' has no port"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClusterStack.addresses(new String[] { "[::1" }, 7800, "gossip.router"));
        assertTrue(e.getMessage().startsWith("gossip.router:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ClusterStack.addresses(new String[] { "no-such-host.invalid" }, 7800, "hosts"));
        assertTrue(e.getMessage().contains("cannot resolve"), e.getMessage());
    }
}
