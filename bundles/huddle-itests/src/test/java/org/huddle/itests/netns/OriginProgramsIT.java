package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.huddle.itests.host.OriginProgram;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The origin programs of the seeds (src/test/resources/origin) against each other on a LAN of namespaces,
 * without Huddle: they work as their texts say, and they fail as their texts imply. The Huddle tests
 * ({@link BackchannelWireIT}, {@link PingIT}, {@link BeaconIT}) lean on both: that these clients see
 * Huddle's traffic at all, and that one bad datagram would show as a dead receive thread or a crash.
 *
 * <p>Plain JUnit 4; needs root, iproute2, ruby, python3 and node; skipped with a message without namespaces.
 */
public class OriginProgramsIT {

    /** Long enough for a datagram on a bridge of namespaces to be printed by every program that gets it. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final String BACKCHANNEL_GROUP = "224.6.8.11";
    private static final int BACKCHANNEL_PORT = 6811;

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    @Test
    public void backchannelClientsOnTwoHostsExchangeMessagesAndDropTheirOwn() throws IOException {
        try (OriginProgram carol = testbed.startBackchannel(1, "carol");
                OriginProgram dave = testbed.startBackchannel(2, "dave")) {
            carol.send("hello dave");
            testbed.awaitLine(dave, 0, "carol: hello dave"::equals, LanTestbed.EXCHANGE, "dave to show carol's line");
            dave.send("hello carol");
            testbed.awaitLine(carol, 0, "dave: hello carol"::equals, LanTestbed.EXCHANGE, "carol to show dave's line");
            // Her own line is drawn once, as typed: the copy that multicast loopback brings back (long before
            // dave's answer) is dropped by client_id.
            assertEquals(testbed.outputs(), 1, carol.lines().stream().filter("carol: hello dave"::equals).count());
            assertTrue(testbed.outputs(), carol.errorLines().isEmpty() && dave.errorLines().isEmpty());
        }
    }

    @Test
    public void aDatagramThatIsNotJsonKillsTheReceiveThread() throws IOException {
        assertReceiveThreadKilledBy("JSON::ParserError", "text", "not json");
    }

    @Test
    public void aMessageOf1024BytesIsShown() throws IOException {
        // The most recvfrom(1024) takes whole.
        try (OriginProgram client = testbed.startBackchannel(3, "carol")) {
            testbed.sendDatagram(1, BACKCHANNEL_GROUP, BACKCHANNEL_PORT, "backchannel", "big", "1024");
            testbed.awaitLine(client, 0, l -> l.startsWith("big: xxx"), LanTestbed.EXCHANGE,
                    "the 1024-byte message to be shown");
            assertTrue(client.output(), client.errorLines().isEmpty());
        }
    }

    @Test
    public void aMessageLongerThan1024BytesKillsTheReceiveThread() throws IOException {
        // Well-formed, but cut to 1024 bytes by recvfrom(1024), and the cut JSON does not parse.
        assertReceiveThreadKilledBy("JSON::ParserError", "backchannel", "big", "1100");
    }

    @Test
    public void aJsonObjectWithoutClientIdKillsTheReceiveThread() throws IOException {
        assertReceiveThreadKilledBy("key not found: \"client_id\" (KeyError)", "text", "{\"handle\":\"x\",\"content\":\"y\"}");
    }

    /**
     * Sends a datagram to two clients; the victim's receive thread dies with {@code error}, and its process
     * lives on showing nothing ever again: silent, as in the original. The speaker's receive thread died too,
     * but its main thread still sends; a client started afterwards is the witness that the line was sent.
     *
     * @param datagram the arguments of send_datagram.py after group and port
     */
    private static void assertReceiveThreadKilledBy(String error, String... datagram) throws IOException {
        String text = "after " + String.join(" ", datagram);
        try (OriginProgram victim = testbed.startBackchannel(3, "victim");
                OriginProgram speaker = testbed.startBackchannel(1, "speaker")) {
            testbed.sendDatagram(1, BACKCHANNEL_GROUP, BACKCHANNEL_PORT, datagram);
            victim.awaitErrorLine(l -> l.contains(error), LanTestbed.EXCHANGE);
            assertTrue(victim.output(), victim.errorLines().stream().anyMatch(l -> l.contains("terminated with exception")));
            try (OriginProgram witness = testbed.startBackchannel(2, "witness")) {
                int from = victim.lineCount();
                speaker.send(text);
                testbed.awaitLine(witness, 0, ("speaker: " + text)::equals, LanTestbed.EXCHANGE,
                        "the witness to show the line sent after the bad datagram");
                testbed.assertNoLine(victim::lines, from, l -> l.endsWith(": " + text), QUIET,
                        "line on the client whose receive thread died");
                assertTrue("the client's process is still running\n" + victim.output(), victim.isAlive());
            }
        }
    }

    @Test
    public void pyMotwReceiversOnTwoHostsBothAckOneSender() throws IOException {
        try (OriginProgram second = testbed.startProgram(2, "pymotw_receiver.py");
                OriginProgram third = testbed.startProgram(3, "pymotw_receiver.py")) {
            for (OriginProgram receiver : new OriginProgram[] { second, third }) {
                testbed.awaitLine(receiver, 0, "waiting to receive message"::equals, LanTestbed.PROGRAM_START,
                        "the receiver to have joined");
            }
            try (OriginProgram sender = testbed.startProgram(1, "pymotw_sender.py")) {
                assertEquals(sender.output(), 0, sender.awaitExit(LanTestbed.EXCHANGE));
                for (int host : new int[] { 2, 3 }) {
                    String ack = "received b'ack' from ('" + testbed.address(host) + "', 10000)";
                    assertTrue(ack + "\n" + sender.output(), sender.lines().contains(ack));
                }
                assertEquals(sender.output(), "timed out, no more responses", sender.lines().get(sender.lines().size() - 2));
            }
            for (OriginProgram receiver : new OriginProgram[] { second, third }) {
                testbed.awaitLine(receiver, 0, l -> l.startsWith("received 19 bytes from ('" + testbed.address(1) + "', "),
                        LanTestbed.EXCHANGE, "the receiver to print the datagram's size and sender");
                assertTrue(receiver.output(), receiver.lines().contains("b'very important data'"));
            }
        }
    }

    @Test
    public void nodeCasterReachesNodeListenerOnAnotherHost() throws IOException {
        try (OriginProgram listener = testbed.startProgram(2, "beacon_listen.js");
                OriginProgram caster = testbed.startProgram(1, "beacon_cast.js", "nodey")) {
            testbed.awaitLine(listener, 0, "Listening on: 0.0.0.0:9778"::equals, LanTestbed.PROGRAM_START, "the listener");
            // JSON.stringify's compact form, from the caster's host.
            testbed.awaitLine(listener, 0, l -> l.startsWith("server got: {\"username\":\"nodey\"} from " + testbed.address(1) + ":"),
                    LanTestbed.EXCHANGE, "a beacon of the caster");
        }
    }

    @Test
    public void rustStandInsTalkAndTheListenerPanicsOnACutCharacter() throws IOException {
        try (OriginProgram listener = testbed.startProgram(3, "beacon_listen_rust.py");
                OriginProgram neighbour = testbed.startProgram(2, "beacon_listen.js");
                OriginProgram caster = testbed.startProgram(1, "beacon_cast_rust.py", "rusty");
                OriginProgram quiet = testbed.startProgram(2, "beacon_cast_rust.py", "quiet")) {
            testbed.awaitLine(listener, 0, "Listening on: 0.0.0.0:9778"::equals, LanTestbed.PROGRAM_START, "the listener");
            testbed.awaitLine(neighbour, 0, "Listening on: 0.0.0.0:9778"::equals, LanTestbed.PROGRAM_START, "the listener");
            testbed.awaitLine(listener, 0, l -> l.startsWith("server got: {\"username\": \"rusty\"} from " + testbed.address(1) + ":"),
                    LanTestbed.EXCHANGE, "a beacon of the Rust caster, with its hand-written spacing");
            // Multicast loop off: the caster on host 2 reaches host 3, but not the listener beside it.
            testbed.awaitLine(listener, 0, l -> l.startsWith("server got: {\"username\": \"quiet\"} from " + testbed.address(2) + ":"),
                    LanTestbed.EXCHANGE, "a beacon of the second Rust caster");
            testbed.assertNoLine(neighbour::lines, 0, l -> l.contains("quiet"), QUIET,
                    "beacon of a loop-off caster on its own host");

            // 121 bytes whose last character is cut in two by the 120-byte buffer: unwrap() panics.
            testbed.sendDatagram(1, "224.0.0.1", 9778, "text", "a".repeat(119) + "\u00e9");
            assertEquals(listener.output(), 101, listener.awaitExit(LanTestbed.EXCHANGE));
            assertTrue(listener.output(), listener.errorLines().stream().anyMatch(l -> l.contains("FromUtf8Error")));
        }
    }
}
