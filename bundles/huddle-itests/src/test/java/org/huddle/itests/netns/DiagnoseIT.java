package org.huddle.itests.netns;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * {@code chat:diagnose} on a LAN of namespaces: with a peer in the room it gives lan0 a clean verdict for both
 * families (joins, self-loop, the peer's answer); on a node whose LAN interface is excluded it says that only
 * loopback is in use and what to do; and a foreign datagram on the channel shows up as a drop with a hint.
 *
 * <p>Hosts: 1 alice and 2 bob (both in lobby), 3 carol with lan0 excluded (loopback fallback).
 */
public class DiagnoseIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static DistributionNode carol;

    @BeforeClass
    public static void startNodes() throws IOException {
        alice = testbed.startNode(1, "alice");
        DistributionNode bob = testbed.startNode(2, "bob");
        carol = testbed.startNode(3, "carol", Map.of("interfaces.exclude", "lan0"));
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, bob, carol)) {
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
            testbed.awaitBoundTransport(node);
        }
    }

    /**
     * Runs chat:diagnose and returns its findings: the lines up to the drops finding, which is the last of
     * them. Hints follow it.
     */
    private static List<String> diagnose(DistributionNode node) {
        int from = node.lineCount();
        testbed.ask(node, "chat:diagnose --timeout 1500", l -> l.matches("(ok|warning) +drops: .*"));
        return LanTestbed.since(node.lines(), from);
    }

    /** Hints are printed right after the findings; no other output starts like one. */
    private static void awaitHint(DistributionNode node, String start) {
        testbed.awaitLine(node, 0, l -> l.startsWith(start), LanTestbed.EXCHANGE, "the hint '" + start + "…'");
    }

    private static void assertLine(List<String> report, String what, Predicate<String> match) {
        assertTrue(what + " in:\n" + String.join("\n", report) + "\n" + testbed.outputs(),
                report.stream().anyMatch(match));
    }

    @Test
    public void aHealthyLanGetsACleanVerdictPerFamily() {
        List<String> report = diagnose(alice);
        Pattern v4 = Pattern.compile("^ok +lan0 IPv4: .*joined 239\\.255\\.72\\.68; self-loop ok; 1 peer answered$");
        Pattern v6 = Pattern.compile("^ok +lan0 IPv6: .*joined ff02::4844; self-loop ok; 1 peer answered$");
        assertLine(report, "lan0 IPv4 verdict", l -> v4.matcher(l).matches());
        assertLine(report, "lan0 IPv6 verdict", l -> v6.matcher(l).matches());
        assertLine(report, "peers", l -> l.matches("^ok +peers: 1 answered a probe of .* \\(1 Huddle node\\)$"));
        assertLine(report, "ttl", l -> l.matches("^ok +ttl: TTL 1: stays on the local segment.*"));
        assertLine(report, "receive buffer", l -> l.matches("^ok +receive buffer: asked for 1048576 bytes, granted \\d+$"));
        assertTrue(String.join("\n", report), report.stream().noneMatch(l -> l.startsWith("PROBLEM")));
    }

    @Test
    public void aNodeLeftOnLoopbackIsToldWhyNobodyAnswers() {
        List<String> report = diagnose(carol);
        assertLine(report, "lan0 not used", l -> l.matches("^ok +lan0: not used: .*exclude.*"));
        assertLine(report, "lo IPv4 verdict", l -> l.matches("^warning lo IPv4: loopback, .*self-loop ok; 0 peers answered$"));
        assertLine(report, "peers", l -> l.matches("^warning peers: nobody answered a probe of .*"));
        awaitHint(carol, "- only the loopback interface is in use");
    }

    @Test
    public void aForeignDatagramOnTheChannelIsReportedAsADropWithAHint() throws IOException {
        testbed.sendDatagram(2, "239.255.72.68", 7446, "text", "not huddle");
        List<String> report = diagnose(alice);
        assertLine(report, "drops", l -> l.matches("^warning drops: \\d+ datagrams dropped:.* not-json [1-9].*"));
        awaitHint(alice, "- another program sends on the same group and port");
    }
}
