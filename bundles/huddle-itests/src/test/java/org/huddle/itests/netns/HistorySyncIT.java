package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.huddle.itests.Environment;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.huddle.itests.host.TestFiles;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * History sync for joiners on a LAN of namespaces (docs/reliability.md): a node that joins a room late gets
 * the room's last 50 messages from a member's replay, once each and in order, as history and not as
 * incoming messages; a node killed with SIGKILL and started again in its copy still has what it had
 * received and said, and merges the replay of the room into it without duplicates; and with 30% of the
 * frames dropped both ways at the joiner's port, most of the replay still arrives (best effort: a lost
 * replay is not asked for again, so this only reports how much).
 *
 * <p>Hosts: 1 alice, 2 bob, 3 carol (all Huddle, default channel). Each test has a room of its own, so
 * the order they run in does not matter.
 */
public class HistorySyncIT {

    /** {@code history.sync}'s default. */
    private static final int SYNCED = 50;
    /** Up to three requests a second apart, a member's delay of up to 300 ms, 500 ms of quiet; slack for load. */
    private static final Duration SYNC = Duration.ofSeconds(10);
    /** How long a second copy of a live message must stay unseen once the first has been shown. */
    private static final Duration QUIET = Duration.ofMillis(500);
    /**
     * The least of the 50 the lossy late joiner must get. On the default channel each replayed message goes
     * to an IPv4 and an IPv6 group, so one arrives unless both copies are dropped (9%): about 45 expected,
     * fewer than 30 about never.
     */
    private static final int LEAST_OF_LOSSY_REPLAY = 30;

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static DistributionNode carol;

    @BeforeClass
    public static void startNodes() throws IOException {
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        carol = testbed.startNode(3, "carol");
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, bob, carol)) {
            testbed.awaitBoundTransport(node);
        }
    }

    @Test
    public void aLateJoinerGetsTheLast50OnceInOrderAndThenLiveMessages() {
        join("lobby", alice, bob);
        List<String> said = say(alice, "alice", "lobby", numbered("r", 1, 60));
        testbed.awaitLine(bob, 0, "[lobby] alice: r060"::equals, LanTestbed.EXCHANGE, "bob to show alice's r060");

        int carolFrom = carol.lineCount();
        long joined = System.nanoTime();
        join("lobby", carol);
        String notice = "*** [lobby] 50 earlier messages from the room's history (chat:history lobby 50)";
        testbed.awaitLine(carol, carolFrom, notice::equals, SYNC, "carol's notice that the replay is over");
        System.out.println("late joiner: the replay's notice " + (System.nanoTime() - joined) / 1_000_000
                + " ms after the join");
        List<String> last50 = said.subList(said.size() - SYNCED, said.size());
        assertEquals("carol's chat:history lobby 50\n" + testbed.outputs(), last50, history(carol, "lobby", SYNCED));
        assertEquals("carol's chat:history lobby 100: the replay and nothing more\n" + testbed.outputs(), last50,
                history(carol, "lobby", 100));
        assertTrue("replayed messages are history, not incoming lines\n" + testbed.outputs(),
                LanTestbed.since(carol.lines(), carolFrom).stream().noneMatch(l -> l.matches("\\[lobby\\] alice: r\\d+")));

        int liveFrom = carol.lineCount();
        alice.send("chat:say after the replay");
        String live = "[lobby] alice: after the replay";
        testbed.awaitLine(carol, liveFrom, live::equals, LanTestbed.EXCHANGE, "carol to show alice's live message");
        int shownAt = carol.lineCount();
        testbed.assertNoLine(carol::lines, shownAt, live::equals, QUIET, "a second copy of the live message on carol's");
        assertEquals("one notice of the replay\n" + testbed.outputs(), 1,
                LanTestbed.since(carol.lines(), carolFrom).stream().filter(notice::equals).count());
    }

    @Test
    public void aKilledAndRestartedNodeKeepsItsHistoryAndMergesTheReplayWithoutDuplicates() throws IOException {
        join("den", alice, bob);
        List<String> expected = new ArrayList<>(say(alice, "alice", "den", numbered("a", 1, 40)));
        testbed.awaitLine(bob, 0, "[den] alice: a040"::equals, LanTestbed.EXCHANGE, "bob to show alice's a040");
        expected.addAll(say(bob, "bob", "den", numbered("b", 1, 20)));
        testbed.awaitLine(alice, 0, "[den] bob: b020"::equals, LanTestbed.EXCHANGE, "alice to show bob's b020");

        bob.kill();
        // Each message is appended with one write call, so SIGKILL loses none of them.
        Path file = TestFiles.historyFile(bob.home(), "den");
        assertEquals("one line per message in " + file + "\n" + testbed.outputs(), expected.size(),
                Files.readAllLines(file, StandardCharsets.UTF_8).size());
        // Said while bob is away: the replay's only news for him.
        List<String> missed = say(alice, "alice", "den", numbered("c", 1, 5));
        expected.addAll(missed);

        bob = testbed.restartNode(2, bob);
        testbed.awaitNodesReady();
        testbed.awaitBoundTransport(bob);
        int bobFrom = bob.lineCount();
        join("den", bob);
        // The replay holds alice's last 50 (a016 to c005); all but the 5 missed are on bob's disk already,
        // and a001 to a015 are there only.
        String notice = "*** [den] " + missed.size() + " earlier messages from the room's history (chat:history den "
                + missed.size() + ")";
        testbed.awaitLine(bob, bobFrom, notice::equals, SYNC, "bob's notice that the replay brought the 5 he missed");
        assertEquals("bob's chat:history den 100 after the restart and the replay\n" + testbed.outputs(), expected,
                history(bob, "den", 100));
    }

    @Test
    public void aLateJoinerAtThirtyPercentLossGetsMostOfTheReplay() throws IOException {
        Environment.require("needs nftables' `nft` to drop packets at the bridge (apt-get install nftables;"
                + " .ci/run installs it)", NamespaceLan.nftAvailable());
        join("lossy", alice, bob);
        List<String> said = say(alice, "alice", "lossy", numbered("q", 1, 60));
        testbed.awaitLine(bob, 0, "[lossy] alice: q060"::equals, LanTestbed.EXCHANGE, "bob to show alice's q060");
        List<String> last50 = said.subList(said.size() - SYNCED, said.size());

        testbed.lan().loss(3, 30);
        try {
            int carolFrom = carol.lineCount();
            join("lossy", carol);
            Pattern notice = Pattern.compile(
                    "\\*\\*\\* \\[lossy\\] (\\d+) earlier messages from the room's history \\(chat:history lossy \\1\\)");
            String line = testbed.awaitLine(carol, carolFrom, l -> notice.matcher(l).matches(), SYNC,
                    "carol's notice of the replay under loss");
            List<String> got = history(carol, "lossy", 100);
            String figures = got.size() + " of " + SYNCED + " replayed messages arrived at 30% loss; the bridge dropped "
                    + testbed.lan().droppedFrames() + " frames";
            System.out.println("late joiner under loss: " + figures);
            Matcher counted = notice.matcher(line);
            assertTrue(counted.matches());
            assertEquals("the notice counts what was merged: " + figures, got.size(), Integer.parseInt(counted.group(1)));
            assertTrue("no duplicates, in order: " + got + "\n" + testbed.outputs(), isInOrderOnce(got, last50));
            assertTrue("most of the replay arrived: " + figures + "\n" + testbed.outputs(),
                    got.size() >= LEAST_OF_LOSSY_REPLAY);
        } finally {
            testbed.lan().loss(3, 0);
        }
    }

    /** Joins a room on each node (or makes it the current room where joined), so that chat:say goes there. */
    private static void join(String room, DistributionNode... nodes) {
        for (DistributionNode node : nodes) {
            testbed.ask(node, "chat:join " + room, l -> l.startsWith("joined " + room));
        }
    }

    /** @return {@code prefix001} and so on, from {@code first} to {@code last} */
    private static List<String> numbered(String prefix, int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> String.format("%s%03d", prefix, i)).toList();
    }

    /**
     * Says the texts in the node's current room, one after another, and waits until it shows the last.
     *
     * @return the messages as {@link DistributionNode#history} lists them: {@code handle: text}
     */
    private static List<String> say(DistributionNode node, String handle, String room, List<String> texts) {
        int from = node.lineCount();
        texts.forEach(t -> node.send("chat:say " + t));
        String last = "[" + room + "] " + handle + ": " + texts.get(texts.size() - 1);
        testbed.awaitLine(node, from, last::equals, LanTestbed.EXCHANGE, handle + " to have said " + texts.size());
        return texts.stream().map(t -> handle + ": " + t).toList();
    }

    private static List<String> history(DistributionNode node, String room, int n) {
        return testbed.withOutputs(() -> node.history(room, n, LanTestbed.EXCHANGE));
    }

    /** @return whether each of {@code got} is in {@code sent}, once, in the order of {@code sent} */
    private static boolean isInOrderOnce(List<String> got, List<String> sent) {
        int previous = -1;
        for (String message : got) {
            int index = sent.indexOf(message);
            if (index <= previous) {
                return false;
            }
            previous = index;
        }
        return true;
    }
}
