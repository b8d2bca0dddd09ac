package org.huddle.itests.netns;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Presence on a LAN of namespaces, with {@code presence.interval} 1 s: a node joining a room is announced to
 * the others in it, one leaving it too, and one whose JVM is killed (no {@code bye}) is reported timed out
 * within three intervals and drops off {@code chat:peers}.
 *
 * <p>Hosts: 1 alice, 2 bob, 3 carol (all Huddle).
 */
public class PresenceIT {

    private static final Map<String, String> ENGINE = Map.of("presence.interval", "1");
    /** Three missed intervals, one more for the timer's tick, and slack for a loaded machine. */
    private static final Duration TIMEOUT_NOTICE = Duration.ofSeconds(3 + 1 + 3);

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static DistributionNode carol;

    @BeforeClass
    public static void startNodes() throws IOException {
        alice = testbed.startNode(1, "alice", Map.of(), ENGINE);
        bob = testbed.startNode(2, "bob", Map.of(), ENGINE);
        carol = testbed.startNode(3, "carol", Map.of(), ENGINE);
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, bob, carol)) {
            testbed.awaitBoundTransport(node);
        }
        testbed.ask(alice, "chat:join lobby", l -> l.startsWith("joined lobby"));
        // Bob and carol answer alice's hello: once alice has heard them in no room, their joining lobby is news
        // ("joined lobby"); a node first heard already in the room right after alice joined "is here".
        int from = alice.lineCount();
        Await.retrying(LanTestbed.EXCHANGE, Duration.ofMillis(500), attempt -> alice.send("chat:peers"),
                () -> LanTestbed.since(alice.lines(), from).stream().anyMatch(l -> l.startsWith("bob  "))
                        && LanTestbed.since(alice.lines(), from).stream().anyMatch(l -> l.startsWith("carol  ")),
                "alice to have heard bob and carol");
    }

    /** A notice line: {@code *** [lobby] bob joined lobby} (the room in brackets, as every room's notice). */
    private static Predicate<String> notice(String text) {
        return l -> l.startsWith("*** ") && l.endsWith(" " + text);
    }

    @Test
    public void joiningAndLeavingARoomIsNoticedByTheOthersInIt() {
        int from = alice.lineCount();
        testbed.ask(bob, "chat:join lobby", l -> l.startsWith("joined lobby"));
        testbed.awaitLine(alice, from, notice("bob joined lobby"), LanTestbed.EXCHANGE, "bob announced in lobby");
        from = alice.lineCount();
        testbed.ask(bob, "chat:leave lobby", l -> l.startsWith("left lobby"));
        testbed.awaitLine(alice, from, notice("bob left lobby"), LanTestbed.EXCHANGE, "bob's bye for lobby");
    }

    @Test
    public void aKilledNodeTimesOutAndLeavesThePeerList() {
        int from = alice.lineCount();
        testbed.ask(carol, "chat:join lobby", l -> l.startsWith("joined lobby"));
        testbed.awaitLine(alice, from, notice("carol joined lobby"), LanTestbed.EXCHANGE, "carol announced in lobby");
        testbed.ask(alice, "chat:peers", l -> l.startsWith("carol  ") && l.contains("  rooms lobby  "));

        from = alice.lineCount();
        carol.kill();
        testbed.awaitLine(alice, from, notice("carol timed out"), TIMEOUT_NOTICE,
                "carol timed out within three intervals and slack");
        int listed = alice.lineCount();
        // Bob, on the default channel all along, stays listed: his line ends the answer that carol must not be in.
        testbed.ask(alice, "chat:peers", l -> l.startsWith("bob  "));
        testbed.assertNoLine(alice::lines, listed, l -> l.startsWith("carol  "), Duration.ofMillis(500),
                "carol in chat:peers");
    }
}
