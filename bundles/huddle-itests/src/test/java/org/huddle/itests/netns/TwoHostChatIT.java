package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two hosts on one LAN, each running the unpacked distribution with its default configuration: the
 * transport picks its interfaces itself, and must find the LAN interface ({@code lan0}), not fall back to
 * loopback; a message said on one host is shown on the other, both ways.
 *
 * <p>The LAN is a set of network namespaces this test creates and deletes ({@link NamespaceLan}); no datagram
 * ever reaches the machine's own interfaces. A plain JUnit 4 test (no Pax Exam container): both nodes are
 * separate JVMs started through {@code ip netns exec <host> bin/huddle} in pipe mode. Needs root and
 * iproute2; skipped otherwise.
 */
public class TwoHostChatIT {

    /** A fresh JVM and Felix per node, two at once on a busy two-core build machine. */
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** From a command to its answer, or from a say to the other host's line. */
    private static final Duration EXCHANGE = Duration.ofSeconds(20);

    private static NamespaceLan lan;
    private static DistributionNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void buildLanAndStartNodes() throws IOException {
        Assume.assumeTrue("needs root to create network namespaces; skipped", NamespaceLan.isRoot());
        Assume.assumeTrue("needs iproute2's `ip` on the PATH to create network namespaces; skipped",
                NamespaceLan.ipAvailable());
        Optional<String> denied = NamespaceLan.probe();
        Assume.assumeTrue("cannot create network namespaces here (" + denied.orElse("") + "); skipped",
                denied.isEmpty());
        Path distribution = DistributionNode.distribution();

        lan = NamespaceLan.create(2);
        // Nothing configured: the distribution's defaults (every multicast interface, the default group and
        // port) are what is under test.
        alice = DistributionNode.from(distribution).name("alice@h1").commandPrefix(lan.hostCommandPrefix(1)).start();
        bob = DistributionNode.from(distribution).name("bob@h2").commandPrefix(lan.hostCommandPrefix(2)).start();

        // Both consoles answer, and both transports are bound: then a datagram sent by one is received by
        // the other (the membership is taken when the transport binds).
        expectAnswer(alice, "chat:nick alice", l -> l.equals("you are now alice"), STARTUP);
        expectAnswer(bob, "chat:nick bob", l -> l.equals("you are now bob"), STARTUP);
        expectAnswer(alice, "chat:join lobby", l -> l.startsWith("joined lobby"), EXCHANGE);
        expectAnswer(bob, "chat:join lobby", l -> l.startsWith("joined lobby"), EXCHANGE);
        awaitBoundTransport(alice);
        awaitBoundTransport(bob);
    }

    @AfterClass
    public static void stopNodesAndDeleteLan() {
        // For the report file (failsafe redirects stdout): what both nodes printed.
        if (alice != null || bob != null) {
            System.out.println(outputs());
        }
        // Each step on its own, so that a failing one does not keep the LAN from being deleted.
        try {
            if (alice != null) {
                alice.close();
            }
        } finally {
            try {
                if (bob != null) {
                    bob.close();
                }
            } finally {
                if (lan != null) {
                    lan.close();
                }
            }
        }
    }

    @Test
    public void defaultInterfaceChoiceIsTheLanInterface() {
        for (DistributionNode node : List.of(alice, bob)) {
            String description = awaitBoundTransport(node);
            assertTrue(name(node) + " describes its transport as bound on " + NamespaceLan.HOST_INTERFACE + " only: " + description + "\n" + outputs(),
                    description.endsWith(" on " + NamespaceLan.HOST_INTERFACE));
            assertFalse("no loopback fallback: " + description + "\n" + outputs(),
                    description.contains("loopback"));
        }
    }

    @Test
    public void messagesCrossTheLanBothWays() {
        int bobBefore = bob.lines().size();
        alice.send("chat:say hello from h1");
        awaitLineAfter(bob, bobBefore, l -> l.equals("[lobby] alice: hello from h1"), EXCHANGE,
                "bob (h2) to print exactly `[lobby] alice: hello from h1`");

        int aliceBefore = alice.lines().size();
        bob.send("chat:say hello from h2");
        awaitLineAfter(alice, aliceBefore, l -> l.equals("[lobby] bob: hello from h2"), EXCHANGE,
                "alice (h1) to print exactly `[lobby] bob: hello from h2`");

        // Once each: one interface, one bridge, no duplicates shown. (Asked after the reply, by which time a
        // duplicate of alice's message would long have arrived.)
        assertEquals("bob shows alice's message once\n" + outputs(), 1,
                bob.lines().stream().filter(l -> l.equals("[lobby] alice: hello from h1")).count());

        // Over the LAN interface, by the counters of the receiving transports.
        assertTrue("bob's transport received datagrams\n" + outputs(),
                stat(bob, "transport.default.datagrams.received ") > 0);
        assertTrue("alice's transport received datagrams\n" + outputs(),
                stat(alice, "transport.default.datagrams.received ") > 0);
    }

    @Test
    public void hostWithoutNetworkFallsBackToLoopback() throws IOException {
        int isolated = lan.addIsolatedHost();
        try (DistributionNode carol = DistributionNode.from(DistributionNode.distribution()).name("carol@isolated")
                .commandPrefix(lan.hostCommandPrefix(isolated)).start()) {
            try {
                expectAnswer(carol, "chat:nick carol", l -> l.equals("you are now carol"), STARTUP);
                String description = awaitBoundTransport(carol);
                assertTrue("with only lo up, the transport takes the loopback fallback: " + description,
                        description.endsWith(" on lo (loopback fallback: no other multicast interface is up)"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- output of carol@isolated ---\n" + carol.output(), e);
            }
        }
    }

    @Test
    public void dualStackNodesTalkOverIpv4AndIpv6AndShowEachMessageOnce() throws IOException {
        // Two more hosts whose transports send every datagram to an IPv4 and an IPv6 group (a comma list,
        // as an operator would write it in the .cfg file); each message therefore arrives twice.
        Map<String, String> dualStack = Map.of("groups", "239.255.72.68, ff02::4844", "port", "7447");
        DistributionNode carol = null;
        DistributionNode dave = null;
        try {
            carol = DistributionNode.from(DistributionNode.distribution()).name("carol@h3")
                    .commandPrefix(lan.hostCommandPrefix(lan.addConnectedHost()))
                    .configure(DistributionNode.TRANSPORT_CFG, dualStack).start();
            dave = DistributionNode.from(DistributionNode.distribution()).name("dave@h4")
                    .commandPrefix(lan.hostCommandPrefix(lan.addConnectedHost()))
                    .configure(DistributionNode.TRANSPORT_CFG, dualStack).start();
            for (DistributionNode node : List.of(carol, dave)) {
                expectAnswer(node, "chat:join lobby",
                        l -> l.equals("joined lobby on [239.255.72.68, ff02:0:0:0:0:0:0:4844]:7447"), STARTUP);
            }
            int before = dave.lines().size();
            carol.send("chat:say over both families");
            String shown = awaitLineAfter(dave, before, l -> l.endsWith(": over both families"), EXCHANGE,
                    "dave to show carol's message");
            // The second copy is recognised by (sender, room, sequence) and counted, not shown.
            DistributionNode receiver = dave;
            Await.until(EXCHANGE, () -> stat(receiver, "datagrams.duplicate ") >= 1,
                    "the IPv6 copy to arrive too and be counted as a duplicate; dave's output:\n" + dave.output());
            String context = "\n--- carol ---\n" + carol.output() + "\n--- dave ---\n" + dave.output();
            assertEquals("shown once" + context, 1,
                    dave.lines().stream().filter(l -> l.endsWith(": over both families")).count());
            assertTrue(shown + context, shown.startsWith("[lobby] "));
        } finally {
            for (DistributionNode node : new DistributionNode[] { carol, dave }) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    private static String expectAnswer(DistributionNode node, String command, Predicate<String> answer,
            Duration timeout) {
        return withOutputs(() -> node.ask(command, answer, timeout));
    }

    private static String awaitBoundTransport(DistributionNode node) {
        return withOutputs(() -> node.boundTransport(STARTUP));
    }

    private static long stat(DistributionNode node, String key) {
        String line = expectAnswer(node, "chat:stats", l -> l.startsWith(key), EXCHANGE);
        return Long.parseLong(line.substring(key.length()).strip());
    }

    private static String awaitLineAfter(DistributionNode node, int from, Predicate<String> match, Duration timeout,
            String what) {
        return withOutputs(() -> {
            try {
                return node.awaitLineAfter(from, match, timeout);
            } catch (AssertionError e) {
                throw new AssertionError("waiting for " + what + ": " + e.getMessage(), e);
            }
        });
    }

    /** Runs a wait on one node; when it fails, the message carries what every node of the LAN printed. */
    private static String withOutputs(Supplier<String> wait) {
        try {
            return wait.get();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + outputs(), e);
        }
    }

    private static String name(DistributionNode node) {
        return node.name();
    }

    private static String outputs() {
        List<String> parts = new ArrayList<>();
        parts.add("LAN: " + lan);
        for (DistributionNode node : new DistributionNode[] { alice, bob }) {
            if (node != null) {
                parts.add("--- output of " + name(node) + " (alive: " + node.isAlive() + ") ---\n" + node.output());
            }
        }
        return String.join("\n", parts);
    }
}
