package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Huddle in a backchannel room (seed 001) with unmodified backchannel clients (src/test/resources/origin/
 * backchannel.rb) on a LAN of namespaces: messages both ways, on other hosts and on the same host (the port
 * shared), long text split into numbered parts that each fit the client's 1024-byte buffer, and a whole
 * Huddle session after which the clients still listen. A client's receive thread dies on the first datagram
 * it cannot parse (see {@link OriginProgramsIT}), so every test here also proves that Huddle sent none.
 *
 * <p>Hosts: 1 alice (Huddle) and the client erin beside her, 2 bob (Huddle), 3 the client carol.
 */
public class BackchannelWireIT {

    private static final String ROOM = "back";
    private static final String JOINED = "joined " + ROOM + " on 224.6.8.11:6811 (backchannel wire)";
    /** Parts of a long text as a backchannel client shows them: handle, (i/n), the part. */
    private static final Pattern PART = Pattern.compile("^(\\S+): \\((\\d+)/(\\d+)\\) (.*)$");

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static OriginProgram carol;
    private static OriginProgram erin;
    private static String aliceJoined;

    @BeforeClass
    public static void startNodesAndClients() throws IOException {
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        testbed.awaitNodesReady();
        carol = testbed.startBackchannel(3, "carol");
        erin = testbed.startBackchannel(1, "erin");
        // A Huddle room too, for bob's ping in the whole session; the backchannel room, joined last, is current.
        testbed.ask(alice, "chat:join lobby", l -> l.startsWith("joined lobby"));
        aliceJoined = testbed.ask(alice, "chat:join --wire backchannel " + ROOM, l -> l.startsWith("joined " + ROOM));
    }

    /** Whatever a test made Huddle send, no client's receive thread died of it. */
    @After
    public void clientsStillListen() {
        for (OriginProgram client : List.of(carol, erin)) {
            assertTrue("the client still runs and its receive thread never died\n" + testbed.outputs(),
                    client.isAlive() && client.errorLines().isEmpty());
        }
    }

    @Test
    public void joinNamesTheBackchannelGroupAndWire() {
        assertEquals(testbed.outputs(), JOINED, aliceJoined);
    }

    @Test
    public void backchannelMessagesShowOnHuddle() {
        int from = alice.lineCount();
        carol.send("hello from ruby");
        testbed.awaitLine(alice, from, ("[" + ROOM + "] carol: hello from ruby")::equals, LanTestbed.EXCHANGE,
                "alice to show carol's message");
    }

    @Test
    public void huddleSayReachesTheBackchannelClients() {
        int from = carol.lineCount();
        alice.send("chat:say hello rubies");
        testbed.awaitLine(carol, from, "alice: hello rubies"::equals, LanTestbed.EXCHANGE,
                "carol to show alice's message");
    }

    @Test
    public void longTextArrivesInNumberedPartsAndTheClientKeepsListening() {
        String text = longText();
        int from = carol.lineCount();
        alice.send("chat:say " + text);
        assertPartsShown(carol, from, "alice", text);

        // The receive thread still delivers.
        int after = carol.lineCount();
        alice.send("chat:say short after long");
        testbed.awaitLine(carol, after, "alice: short after long"::equals, LanTestbed.EXCHANGE,
                "carol to show a short message after the long one");
    }

    @Test
    public void sameHostSharesThePortBothWays() {
        int aliceFrom = alice.lineCount();
        erin.send("hello from alice's host");
        testbed.awaitLine(alice, aliceFrom, ("[" + ROOM + "] erin: hello from alice's host")::equals,
                LanTestbed.EXCHANGE, "alice to show the message of the client on her own host");

        int erinFrom = erin.lineCount();
        alice.send("chat:say hello to my own host");
        testbed.awaitLine(erin, erinFrom, "alice: hello to my own host"::equals, LanTestbed.EXCHANGE,
                "the client on alice's host to show her message");
    }

    /**
     * Everything a Huddle user might do while a backchannel room is joined, on bob: afterwards two fresh
     * clients still talk, so none of it put anything on the group that a client could not take.
     */
    @Test
    public void wholeHuddleSessionLeavesTheClientsAlive() throws IOException {
        OriginProgram frank = testbed.startBackchannel(3, "frank");
        OriginProgram grace = testbed.startBackchannel(2, "grace");

        testbed.ask(bob, "chat:nick robert", "you are now robert"::equals);
        testbed.ask(bob, "chat:join --wire backchannel " + ROOM, JOINED::equals);
        int from = frank.lineCount();
        bob.send("chat:say " + longText());
        assertPartsShown(frank, from, "robert", longText());
        testbed.ask(bob, "chat:stats", l -> l.startsWith("transport."));
        testbed.ask(bob, "chat:join lobby", l -> l.startsWith("joined lobby"));
        testbed.ask(bob, "chat:ping --timeout 2000", l -> l.matches("\\d+ replies"));
        testbed.ask(bob, "chat:leave " + ROOM, l -> l.startsWith("left " + ROOM));

        int frankFrom = frank.lineCount();
        grace.send("are you still there?");
        testbed.awaitLine(frank, frankFrom, "grace: are you still there?"::equals, LanTestbed.EXCHANGE,
                "frank to show grace's message after bob's session");
        for (OriginProgram client : List.of(frank, grace)) {
            assertTrue("no receive thread died during bob's session\n" + testbed.outputs(),
                    client.isAlive() && client.errorLines().isEmpty());
        }
    }

    /** About 2500 characters of words: more than two datagrams of at most 1024 bytes can carry. */
    private static String longText() {
        return IntStream.rangeClosed(1, 250).mapToObj(i -> String.format("alpha%04d", i)).collect(Collectors.joining(" "));
    }

    /**
     * Waits for the parts {@code (1/n) } to {@code (n/n) } of a long text on a client, and checks they came
     * in order, once each, with nothing lost: their concatenation is the text (white space aside, since
     * a split may fall between words). At least three parts: 2500 bytes do not fit in two datagrams that a
     * backchannel client can take whole; that it took each is proved by its receive thread being alive.
     */
    private static void assertPartsShown(OriginProgram client, int from, String handle, String text) {
        String first = testbed.awaitLine(client, from, l -> l.startsWith(handle + ": (1/"), LanTestbed.EXCHANGE,
                "the first part of " + handle + "'s long text");
        Matcher firstPart = PART.matcher(first);
        assertTrue(first, firstPart.matches());
        int count = Integer.parseInt(firstPart.group(3));
        testbed.awaitLine(client, from, l -> l.startsWith(handle + ": (" + count + "/" + count + ") "),
                LanTestbed.EXCHANGE, "the last part of " + handle + "'s long text");

        List<String> parts = new ArrayList<>();
        for (String line : LanTestbed.since(client.lines(), from)) {
            Matcher part = PART.matcher(line);
            if (part.matches() && part.group(1).equals(handle)) {
                assertEquals("part " + (parts.size() + 1) + " in order: " + line + "\n" + testbed.outputs(),
                        (parts.size() + 1) + "/" + count, part.group(2) + "/" + part.group(3));
                parts.add(part.group(4));
            }
        }
        assertEquals(testbed.outputs(), count, parts.size());
        assertTrue("at least 3 parts, not " + count + "\n" + testbed.outputs(), count >= 3);
        assertEquals("the parts make up the text", text.replaceAll("\\s", ""), String.join("", parts).replaceAll("\\s", ""));
        assertTrue(client.output(), client.isAlive() && client.errorLines().isEmpty());
    }
}
