package org.huddle.transport.multicast.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.huddle.api.transport.Membership;

/**
 * Run by {@link DualStackTest} in a JVM with {@code -Djava.net.preferIPv4Stack=true}, where no IPv6 socket
 * can be opened, as on a host with IPv6 switched off: a dual-stack channel on lo must still work over IPv4.
 * Prints what it saw; exits 0 when its own datagram came back.
 */
public final class Ipv4OnlyHost {

    private Ipv4OnlyHost() {
    }

    public static void main(String[] args) throws Exception {
        MulticastTransport t = Loopback.transport("v4only", Integer.parseInt(args[0]), (m, cause) -> { },
                Map.of("groups", new String[] { "239.255.72.68", "ff02::4844" }));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Membership m = t.open(t.defaultChannel(),
                (p, src) -> seen.add(StandardCharsets.UTF_8.decode(p).toString()))) {
            m.send(Loopback.text("over IPv4"));
            String got = seen.poll(5, TimeUnit.SECONDS);
            System.out.println("received " + got);
            System.out.println("joins " + t.diagnose().joins());
            System.out.println("sent " + t.stats().datagramsSent() + " errors " + t.stats().sendErrors());
            System.exit("over IPv4".equals(got) ? 0 : 1);
        } finally {
            t.deactivate();
        }
    }
}
