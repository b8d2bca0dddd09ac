package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * {@code chat:ping} on a LAN of namespaces: on PyMOTW's group (seed 002) it lists each unmodified PyMOTW
 * receiver (src/test/resources/origin/pymotw_receiver.py) by address with its plain {@code ack}; in a Huddle
 * room it lists the other Huddle node, which says who it is and where.
 *
 * <p>Hosts: 1 alice (Huddle), 2 bob (Huddle) and a PyMOTW receiver, 3 a PyMOTW receiver.
 */
public class PingIT {

    /** {@code reply from <address>:<port> in <ms> ms: <text>}; an IPv6 address has colons of its own. */
    private static final Pattern REPLY = Pattern.compile("^reply from (.+):(\\d+) in (\\d+) ms: (.*)$");
    private static final Pattern COUNT = Pattern.compile("^\\d+ replies$");

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static final List<OriginProgram> receivers = new ArrayList<>();

    @BeforeClass
    public static void startNodesAndReceivers() throws IOException {
        alice = testbed.startNode(1, "alice");
        DistributionNode bob = testbed.startNode(2, "bob");
        for (int host : new int[] { 2, 3 }) {
            receivers.add(testbed.startProgram(host, "pymotw_receiver.py"));
        }
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, bob)) {
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
            testbed.awaitBoundTransport(node);
        }
        for (OriginProgram receiver : receivers) {
            // Printed once it has joined the group.
            testbed.awaitLine(receiver, 0, "waiting to receive message"::equals, LanTestbed.PROGRAM_START,
                    "the PyMOTW receiver to listen");
        }
    }

    @Test
    public void pingOnPyMotwsGroupListsEachReceiver() throws IOException {
        List<String> replies = ping("chat:ping --group 224.3.29.71 --port 10000 --timeout 2000 who is there", "2 replies");
        List<String> from = new ArrayList<>();
        for (String reply : replies) {
            Matcher m = reply(reply);
            assertEquals(reply, "ack", m.group(4));
            from.add(m.group(1) + ":" + m.group(2));
        }
        assertEquals(testbed.outputs(), List.of(testbed.address(2) + ":10000", testbed.address(3) + ":10000"),
                from.stream().sorted().toList());
        for (OriginProgram receiver : receivers) {
            testbed.awaitLine(receiver, 0, l -> l.startsWith("received ") && l.contains(" bytes from ('" + testbed.address(1) + "', "),
                    LanTestbed.EXCHANGE, "the receiver to print that the probe came from alice's host");
            // The probe's text is what such a listener shows.
            testbed.awaitLine(receiver, 0, l -> l.contains("who is there"), LanTestbed.EXCHANGE,
                    "the receiver to print the probe's text");
        }
    }

    @Test
    public void pingInAHuddleRoomIsAnsweredByTheOtherNode() throws IOException {
        List<String> replies = ping("chat:ping --timeout 2000", "1 replies");
        Matcher m = reply(replies.get(0));
        assertEquals(replies.get(0), "bob in lobby", m.group(4));
        assertTrue("the reply comes from bob's host: " + replies.get(0) + "\n" + testbed.outputs(),
                testbed.isAddressOf(2, m.group(1)));
    }

    @Test
    public void pingWhereNobodyListensCountsNoReplies() {
        ping("chat:ping --group 224.3.29.72 --port 10001 --timeout 1000", "0 replies");
    }

    /**
     * Pings, waits for the count line that ends the answer and checks it.
     *
     * @return the reply lines before it, each in the contract's format (so {@link #REPLY} matches them)
     */
    private static List<String> ping(String command, String count) {
        int from = alice.lineCount();
        String end = testbed.ask(alice, command, l -> COUNT.matcher(l).matches());
        assertEquals(testbed.outputs(), count, end);
        List<String> replies = new ArrayList<>();
        for (String line : LanTestbed.since(alice.lines(), from)) {
            if (line.equals(end)) {
                break;
            }
            if (line.startsWith("reply from ")) {
                assertTrue("reply line in the contract's format: " + line, REPLY.matcher(line).matches());
                replies.add(line);
            }
        }
        assertEquals("as many reply lines as counted, before the count\n" + testbed.outputs(),
                Integer.parseInt(count.split(" ")[0]), replies.size());
        return replies;
    }

    private static Matcher reply(String line) {
        Matcher m = REPLY.matcher(line);
        assertTrue(line, m.matches());
        return m;
    }
}
