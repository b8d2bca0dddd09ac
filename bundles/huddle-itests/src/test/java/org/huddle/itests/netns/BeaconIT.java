package org.huddle.itests.netns;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * {@code chat:beacon} with the programs of the peer-discovery post (seed 004) on a LAN of namespaces: the
 * Node listener and a stand-in for the Rust one print Huddle's beacon (and the Rust one, which panics on
 * anything that is not UTF-8 within its 120-byte buffer, lives on); {@code chat:peers} lists the Node caster
 * and the Rust stand-in caster; after {@code chat:beacon off} the listeners hear nothing more.
 *
 * <p>Hosts: 1 alice (Huddle), 2 the Node listener and caster, 3 the Rust stand-in listener and caster. Both
 * listeners bind port 9778 without SO_REUSEADDR, as the originals do, so each has a host of its own.
 */
public class BeaconIT {

    /** The post's period. */
    private static final Duration PERIOD = Duration.ofSeconds(2);
    /** More than two periods: long enough for a beacon still being sent to show. */
    private static final Duration SILENCE = PERIOD.multipliedBy(2).plusSeconds(1);

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static OriginProgram nodeListener;
    private static OriginProgram rustListener;

    @BeforeClass
    public static void startNodeAndPrograms() throws IOException {
        alice = testbed.startNode(1, "alice");
        nodeListener = testbed.startProgram(2, "beacon_listen.js");
        testbed.startProgram(2, "beacon_cast.js", "nodey");
        rustListener = testbed.startProgram(3, "beacon_listen_rust.py");
        testbed.startProgram(3, "beacon_cast_rust.py", "rusty");
        testbed.awaitNodesReady();
        for (OriginProgram listener : List.of(nodeListener, rustListener)) {
            testbed.awaitLine(listener, 0, "Listening on: 0.0.0.0:9778"::equals, LanTestbed.PROGRAM_START,
                    "the listener to be bound");
        }
    }

    @Test
    public void beaconReachesTheListenersOfBothPrograms() {
        int nodeFrom = nodeListener.lineCount();
        int rustFrom = rustListener.lineCount();
        testbed.ask(alice, "chat:beacon on", l -> l.startsWith("beacon on"));
        // Twice each: it repeats.
        awaitBeacons(nodeListener, nodeFrom, 2);
        awaitBeacons(rustListener, rustFrom, 2);
        assertRustListenerAlive();
    }

    @Test
    public void peersListsTheCastersOfBothPrograms() {
        testbed.ask(alice, "chat:beacon on", l -> l.startsWith("beacon on"));
        int from = alice.lineCount();
        testbed.withOutputs(() -> {
            Await.retrying(LanTestbed.EXCHANGE, PERIOD, attempt -> alice.send("chat:peers"),
                    () -> listsPeer(from, "nodey", 2) && listsPeer(from, "rusty", 3),
                    "chat:peers to list nodey at " + testbed.address(2) + " and rusty at " + testbed.address(3));
            return null;
        });
    }

    @Test
    public void beaconOffSilencesIt() {
        int from = nodeListener.lineCount();
        testbed.ask(alice, "chat:beacon on", l -> l.startsWith("beacon on"));
        awaitBeacons(nodeListener, from, 1);

        testbed.ask(alice, "chat:beacon off", l -> l.startsWith("beacon off"));
        int nodeOff = nodeListener.lineCount();
        int rustOff = rustListener.lineCount();
        // One beacon may have been on its way as the answer was printed; one still sent every 2 s would
        // show at least twice in more than two periods.
        testbed.assertThroughout(SILENCE,
                () -> beaconsFromAlice(nodeListener, nodeOff) <= 1 && beaconsFromAlice(rustListener, rustOff) <= 1,
                "no more of alice's beacons at the listeners after chat:beacon off");
        assertRustListenerAlive();
    }

    /** Waits until a listener printed {@code count} of alice's beacons from line {@code from} on. */
    private static void awaitBeacons(OriginProgram listener, int from, int count) {
        testbed.withOutputs(() -> {
            Await.until(LanTestbed.EXCHANGE, () -> beaconsFromAlice(listener, from) >= count,
                    count + " of alice's beacons at " + listener.name());
            return null;
        });
    }

    /** Jackson's compact form of {"username": handle}, from alice's host. */
    private static long beaconsFromAlice(OriginProgram listener, int from) {
        String beacon = "server got: {\"username\":\"alice\"} from " + testbed.address(1) + ":";
        return LanTestbed.since(listener.lines(), from).stream().filter(l -> l.startsWith(beacon)).count();
    }

    private static boolean listsPeer(int from, String handle, int host) {
        Pattern address = Pattern.compile("(?<![\\d.])" + Pattern.quote(testbed.address(host)) + "(?!\\d)");
        return LanTestbed.since(alice.lines(), from).stream()
                .anyMatch(l -> l.contains(handle) && address.matcher(l).find());
    }

    private static void assertRustListenerAlive() {
        assertTrue("the Rust stand-in listener did not panic\n" + testbed.outputs(),
                rustListener.isAlive() && rustListener.errorLines().isEmpty());
    }
}
