package org.huddle.transport.multicast.internal;

import static org.huddle.transport.multicast.internal.Loopback.take;
import static org.huddle.transport.multicast.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.TransportDiagnosis.JoinReport;
import org.huddle.testing.FreePorts;
import org.junit.jupiter.api.Test;

/** A channel with an IPv4 and an IPv6 group where only one family works. */
class DualStackTest {

    @Test
    void theDefaultGroupsAreDualStack() throws Exception {
        MulticastTransport a = new MulticastTransport(Configs.of(Map.of("interfaces", new String[] { "lo" })),
                (m, t) -> { });
        try {
            assertEquals(new Channel(List.of(InetAddress.getByName("239.255.72.68"),
                    InetAddress.getByName("ff02::4844")), 7446), a.defaultChannel());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void whereIpv6MulticastGoesNowhereIpv4StillCarriesTheDatagrams() throws Exception {
        // lo joins IPv6 groups but Linux refuses to send IPv6 multicast out of it: each such copy is a
        // counted send error, and send() succeeds on the IPv4 copy.
        MulticastTransport a = Loopback.transport("a", FreePorts.udp(), (m, t) -> { },
                Map.of("groups", new String[] { "239.255.72.68", "ff02::4844" }));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> seen.add(text(p)))) {
            m.send(text("hello"));
            assertEquals("hello", take(seen));
            assertEquals(1, a.stats().datagramsSent());
            assertEquals(1, a.stats().sendErrors());
            assertTrue(a.diagnose().joins().stream().allMatch(JoinReport::joined), a.diagnose().joins().toString());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void withoutIpv6SocketsTheChannelOpensOnIpv4Alone() throws Exception {
        int port = FreePorts.udp();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Djava.net.preferIPv4Stack=true", "-cp",
                System.getProperty("java.class.path"), Ipv4OnlyHost.class.getName(), String.valueOf(port))
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = child.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM ends");
        String output = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("received over IPv4"), output);
        assertTrue(output.contains(
                "JoinReport[interfaceName=lo, group=/ff02:0:0:0:0:0:0:4844, port=" + port + ", error=no socket"),
                "the IPv6 group is reported as not joined: " + output);
        assertTrue(output.contains("sent 1 errors 0"), "no IPv6 copy attempted without an IPv6 socket: " + output);
    }
}
