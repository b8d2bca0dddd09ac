package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The threat model's boundary: only the network segment reaches a room. mallory sits on another subnet behind a
 * router (which forwards unicast, IPv4 and IPv6, but no multicast) and sends Huddle datagrams by unicast straight to
 * alice's address and port 7446: a probe {@code ping}, which must get no {@code pong} (that would give away alice's
 * handle, id and room), and a chat message, which alice must not show, nor list mallory among her peers. Alice's
 * sockets are bound to the groups, so her kernel does not even hand them the unicast. Meanwhile the segment works as
 * before: a peer on the LAN that multicasts to the IPv4 and to the IPv6 group is shown and answered, bob (a node on
 * the LAN) talks with alice and answers her probe.
 *
 * <p>The second line of defence, for where the groups cannot be bound: what reaches alice's sockets from a source
 * outside her prefixes is not taken either. A host on the LAN multicasts from addresses of no subnet of alice's
 * ({@code 192.0.2.3}, {@code fd09::3}); alice shows nothing and counts them as
 * {@code transport.default.dropped.off-link}.
 *
 * <p>Hosts: 1 alice, 2 bob, 3 a raw peer on the LAN ({@code huddle_datagram.py}), 4 mallory behind the router. Needs
 * root and python3; skipped without namespaces.
 */
public class OffLinkUnicastIT {

    private static final int PORT = 7446;
    /** How long the attacker waits for a pong: alice answers a probe within 200 ms. */
    private static final int REPLY_WAIT_MILLIS = 2000;
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final String LAST_STAT = "transport.default.errors.receive ";
    private static final Pattern OFF_LINK = Pattern.compile("transport\\.default\\.dropped\\.off-link (\\d+)");

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static int mallory;

    @BeforeClass
    public static void startNodes() throws IOException {
        mallory = testbed.lan().addRoutedHost();
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, bob)) {
            testbed.awaitBoundTransport(node);
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
        }
    }

    @Test
    public void unicastFromAnotherSubnetReachesNoRoomNoProbeAndNoPresence() throws IOException {
        String alice4 = testbed.address(1);
        String alice6 = testbed.lan().hostAddress6(1).orElseThrow();

        // The segment works: a LAN peer's multicast over either family is shown, and its probes answered.
        int from = alice.lineCount();
        datagram(3, "239.255.72.68", 0, "msg", "carol", "lobby", "over IPv4 multicast", testbed.address(3));
        testbed.awaitLine(alice, from, "[lobby] carol: over IPv4 multicast"::equals, LanTestbed.EXCHANGE,
                "alice to show a LAN peer's IPv4 multicast");
        datagram(3, "ff02::4844%lan0", 0, "msg", "carol6", "lobby", "over IPv6 multicast");
        testbed.awaitLine(alice, from, "[lobby] carol6: over IPv6 multicast"::equals, LanTestbed.EXCHANGE,
                "alice to show a LAN peer's IPv6 multicast");
        for (String group : List.of("239.255.72.68", "ff02::4844%lan0")) {
            List<String> replies = datagram(3, group, REPLY_WAIT_MILLIS, "ping", "carol", "lobby", "anyone?",
                    group.contains(":") ? "::" : testbed.address(3));
            assertTrue("alice and bob answer a LAN peer's probe to " + group + "\n" + testbed.outputs(),
                    replies.stream().anyMatch(l -> l.contains("\"content\":\"alice in lobby\""))
                            && replies.stream().anyMatch(l -> l.contains("\"content\":\"bob in lobby\"")));
        }
        testbed.sayIn(bob, "lobby", "bob on the segment");
        testbed.awaitLine(alice, from, "[lobby] bob: bob on the segment"::equals, LanTestbed.EXCHANGE,
                "alice to hear bob");
        testbed.ask(alice, "chat:ping --timeout 2000", l -> l.equals("1 replies"));

        // The attack: unicast from behind the router, to alice's addresses on the LAN.
        from = alice.lineCount();
        for (String target : List.of(alice4, alice6)) {
            List<String> replies = datagram(mallory, target, REPLY_WAIT_MILLIS, "ping", "mallory", "lobby", "who?");
            assertEquals("no pong to a probe sent by unicast to " + target + " from another subnet: " + replies
                    + "\n" + testbed.outputs(), List.of(), replies);
            datagram(mallory, target, 0, "msg", "mallory", "lobby", "unicast to " + target);
        }
        // A witness sent after the attack: once alice shows it, the attack had its chance to show too.
        datagram(3, "ff02::4844%lan0", 0, "msg", "carol6", "lobby", "after the attack");
        testbed.awaitLine(alice, from, "[lobby] carol6: after the attack"::equals, LanTestbed.EXCHANGE,
                "alice to show a LAN peer's message after the attack");
        testbed.assertNoLine(alice::lines, from, l -> l.contains("mallory"), QUIET,
                "mallory's unicast messages shown at alice's");

        int peersFrom = alice.lineCount();
        testbed.ask(alice, "chat:peers", l -> l.startsWith("bob  "));
        // The answer to the next command comes after every line of chat:peers.
        offLinkDrops();
        assertTrue("chat:peers lists no mallory\n" + testbed.outputs(),
                LanTestbed.since(alice.lines(), peersFrom).stream().noneMatch(l -> l.startsWith("mallory")));
    }

    @Test
    public void multicastFromSourcesOutsideTheSegmentsPrefixesIsCountedAndDropped() throws IOException {
        String host3 = testbed.lan().hostNamespace(3);
        testbed.lan().ip(host3, "addr", "add", "192.0.2.3/32", "dev", "lan0");
        testbed.lan().ip(host3, "addr", "add", "fd09::3/128", "dev", "lan0", "nodad");
        // Whatever the machine's default: alice's kernel is not to drop the IPv4 source before Huddle sees it.
        testbed.lan().sysctl(1, "net.ipv4.conf.all.rp_filter", "0");
        testbed.lan().sysctl(1, "net.ipv4.conf.lan0.rp_filter", "0");
        long before = offLinkDrops();
        assertTrue("chat:stats counts what was dropped off-link\n" + testbed.outputs(), before >= 0);

        int from = alice.lineCount();
        datagram(3, "239.255.72.68", 0, "msg", "stranger", "lobby", "from 192.0.2.3", "192.0.2.3");
        datagram(3, "ff02::4844%lan0", 0, "msg", "stranger", "lobby", "from fd09::3", "fd09::3");
        Await.until(LanTestbed.EXCHANGE, () -> offLinkDrops() - before >= 2,
                "alice to count both datagrams as dropped off-link");
        datagram(3, "239.255.72.68", 0, "msg", "carol", "lobby", "witness", testbed.address(3));
        testbed.awaitLine(alice, from, "[lobby] carol: witness"::equals, LanTestbed.EXCHANGE,
                "alice to show a LAN peer's message from its own address");
        testbed.assertNoLine(alice::lines, from, l -> l.contains("stranger"), QUIET,
                "messages from outside alice's prefixes shown");
    }

    /**
     * Sends one Huddle datagram from a host with {@code huddle_datagram.py}.
     *
     * @return the replies it got within {@code waitMillis}, as {@code reply from <source> <text>} lines
     */
    private static List<String> datagram(int host, String address, int waitMillis, String type, String handle,
            String room, String content, String... source) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(address, String.valueOf(PORT), String.valueOf(waitMillis),
                type, handle, room, content));
        arguments.addAll(List.of(source));
        try (OriginProgram sender = testbed.startProgram(host, "huddle_datagram.py", arguments.toArray(String[]::new))) {
            int exit = sender.awaitExit(LanTestbed.PROGRAM_START.plusMillis(waitMillis));
            assertEquals(sender.output(), 0, exit);
            assertTrue(sender.output(), sender.lines().stream().anyMatch(l -> l.startsWith("sent ")));
            return sender.lines().stream().filter(l -> l.startsWith("reply from ")).toList();
        }
    }

    /**
     * Asks alice's counters; the answer comes after every line a command before printed.
     *
     * @return her {@code transport.default.dropped.off-link}, -1 when {@code chat:stats} has none
     */
    private static long offLinkDrops() {
        int from = alice.lineCount();
        testbed.ask(alice, "chat:stats", l -> l.startsWith(LAST_STAT));
        for (String line : LanTestbed.since(alice.lines(), from)) {
            Matcher m = OFF_LINK.matcher(line);
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }
}
