package org.huddle.transport.jgroups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

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

    @Test
    void withoutASecretOnlyLoopbackIsBoundAndReached() throws Exception {
        assertEquals(InetAddress.getLoopbackAddress(),
                ClusterStack.bindAddress(JGroupsTransportTest.config(Map.of()), false), "empty: loopback");
        assertEquals(InetAddress.getByName("127.0.0.1"),
                ClusterStack.bindAddress(JGroupsTransportTest.config(Map.of("bind_address", "127.0.0.1")), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterStack.bindAddress(
                JGroupsTransportTest.config(Map.of("bind_address", "0.0.0.0")), false));
        assertTrue(e.getMessage().startsWith("bind.address 0.0.0.0 is beyond this machine and no secret is set")
                && e.getMessage().contains("secret.file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusterStack.of(JGroupsTransportTest.config(
                Map.of("hosts", new String[] { "127.0.0.1", "192.0.2.5" })), null, a -> { }));
        assertTrue(e.getMessage().startsWith("hosts names 192.0.2.5, beyond this machine, and no secret is set"),
                e.getMessage());
    }

    @Test
    void clusterNamesAreNamesAndSecretsAreLongEnough() {
        assertEquals("huddle-2.lab_1", ClusterStack.clusterName("huddle-2.lab_1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterStack.clusterName("hud\u001b[2Jdle"));
        assertTrue(e.getMessage().startsWith("cluster 'hud"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClusterStack.clusterName("hud\u001b[2Jdle"));
        assertTrue(!e.getMessage().contains("\u001b"), "escaped: " + e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FrameSeal.derive("short", "huddle"));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    }
}
