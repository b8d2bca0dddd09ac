package org.huddle.itests.netns;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * An encrypted room between two hosts of a namespace LAN, seen from a third that is in the room without the
 * passphrase and a fourth that captures every datagram on the group and sends them again (docs/security.md).
 * IPv4 only (the sniffer listens on the IPv4 group).
 *
 * <p>Hosts: 1 alice, 2 bob (both with the passphrase), 3 carol (the room open), 4 the sniffer, and later dave
 * (with the passphrase, started after the capture).
 */
public class EncryptedRoomIT {

    private static final String GROUP = "239.255.72.68";
    private static final int PORT = 7446;
    private static final String JOIN = "chat:join --passphrase \"correct horse battery staple\" plans";
    private static final Pattern DATAGRAM = Pattern.compile("datagram (\\d+) ([0-9a-f]+)");

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(4);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static DistributionNode carol;
    private static OriginProgram sniffer;

    @BeforeClass
    public static void start() throws IOException {
        Map<String, String> ipv4 = Map.of("groups", GROUP);
        alice = testbed.startNode(1, "alice", ipv4);
        bob = testbed.startNode(2, "bob", ipv4);
        carol = testbed.startNode(3, "carol", ipv4);
        sniffer = testbed.startSniffer(4, GROUP, PORT);
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, bob)) {
            testbed.ask(node, JOIN, l -> l.equals("plans is encrypted: only those who know its passphrase can read or write here"));
        }
        testbed.ask(carol, "chat:join plans", l -> l.startsWith("plans is open: anyone on this network"));
    }

    @Test
    public void membersReadEachOtherAndNobodyElseReadsAnything() throws IOException {
        int bobFrom = bob.lineCount();
        int carolFrom = carol.lineCount();
        int sniffed = sniffer.lineCount();
        alice.send("chat:say the launch code is 0000");
        testbed.awaitLine(bob, bobFrom, "[plans] alice: the launch code is 0000"::equals, LanTestbed.EXCHANGE,
                "bob to read alice");
        // Told at the first sealed datagram of the room, maybe a hello before this test began: from the start.
        testbed.awaitLine(carol, 0, l -> l.equals("*** [plans] someone uses plans as an encrypted room here: "
                + "leave it and join it again with its passphrase to read it"), LanTestbed.EXCHANGE,
                "carol to be told the room is in use encrypted");
        testbed.ask(bob, "chat:rooms", l -> l.startsWith("* plans ") && l.endsWith("  encrypted"));
        testbed.ask(carol, "chat:rooms", l -> l.startsWith("* plans ") && l.endsWith("  open"));
        assertTrue(LanTestbed.since(carol.lines(), carolFrom).stream().noneMatch(l -> l.contains("launch code")));

        List<String> captured = captured(sniffed);
        assertFalse("the sniffer saw the room's datagrams", captured.isEmpty());
        for (String hex : captured) {
            String text = new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
            for (String clear : List.of("launch", "plans", "alice", "bob")) {
                assertFalse("'" + clear + "' in clear on the wire: " + text, text.contains(clear));
            }
        }
    }

    @Test
    public void datagramsSentAgainAreRefused() throws IOException {
        int sniffed = sniffer.lineCount();
        int bobFrom = bob.lineCount();
        alice.send("chat:say pay carol 10 coins");
        testbed.awaitLine(bob, bobFrom, "[plans] alice: pay carol 10 coins"::equals, LanTestbed.EXCHANGE,
                "bob to read alice");
        List<String> captured = captured(sniffed);
        replayTo(bob, captured, "after the replays");

        // A node started after the capture has no windows for alice yet, as after a restart: the time of
        // sealing, before it started, is what refuses the replays.
        DistributionNode dave = testbed.startNode(4, "dave", Map.of("groups", GROUP));
        testbed.awaitNodesReady();
        testbed.ask(dave, JOIN, l -> l.startsWith("plans is encrypted"));
        replayTo(dave, captured, "after the second replays");
        testbed.ask(dave, "chat:stats", l -> l.matches("dropped\\.stale [1-9]\\d*"));
    }

    /**
     * Sends the captured datagrams again from the sniffer's host, then has alice say a marker: once the
     * receiver shows it, the copies have been through its receive path, and none of them may show.
     */
    private static void replayTo(DistributionNode receiver, List<String> captured, String marker) throws IOException {
        int from = receiver.lineCount();
        for (String hex : captured) {
            testbed.sendDatagram(4, GROUP, PORT, "hex", hex);
        }
        alice.send("chat:say " + marker);
        testbed.awaitLine(receiver, from, ("[plans] alice: " + marker)::equals, LanTestbed.EXCHANGE,
                receiver.name() + " to read alice after the replays");
        assertTrue(receiver.output(), LanTestbed.since(receiver.lines(), from).stream()
                .noneMatch(l -> l.contains("pay carol")));
    }

    /** @return the hex of each datagram the sniffer printed since a line */
    private static List<String> captured(int from) {
        // The sniffer prints as datagrams arrive: wait until it has something.
        testbed.awaitLine(sniffer, from, l -> DATAGRAM.matcher(l).matches(), LanTestbed.EXCHANGE, "a datagram sniffed");
        return LanTestbed.since(sniffer.lines(), from).stream().map(DATAGRAM::matcher).filter(Matcher::matches)
                .map(m -> m.group(2)).toList();
    }
}
