package org.huddle.itests.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.huddle.itests.FreePorts;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A node's room history survives a restart (docs/storage.md): a node says three things, is stopped, and a
 * new node started in the same copy of the distribution shows them again with chat:history. Pinned to lo.
 */
public class HistoryRestartIT {

    /** Free when the class starts (FreePorts); a restarted node comes back on the same one. */
    private static final int PORT = FreePorts.udp();
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Path home;

    @Before
    public void makeHome() throws Exception {
        home = Files.createTempDirectory("huddle-history-restart-");
    }

    @After
    public void deleteHome() {
        TestFiles.deleteTree(home);
    }

    private static DistributionNode start(DistributionNode.Builder builder) throws Exception {
        return builder.name("erin")
                // IPv4 only: Linux does not send IPv6 multicast out of lo, so the default's IPv6 group adds nothing here.
                .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo", "port", Integer.toString(PORT),
                        "groups", "239.255.72.68"))
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "erin"))
                .start();
    }

    private static void join(DistributionNode node) {
        node.ask("chat:join lobby", l -> l.equals("joined lobby on 239.255.72.68:" + PORT), STARTUP);
    }

    @Test
    public void aRestartedNodeShowsTheMessagesOfItsEarlierRun() throws Exception {
        DistributionNode first = start(DistributionNode.from(DistributionNode.distribution()).directory(home));
        try {
            join(first);
            for (int i = 1; i <= 3; i++) {
                String text = "before the restart " + i;
                first.ask("chat:say " + text, l -> l.equals("[lobby] erin: " + text), TIMEOUT);
            }
        } finally {
            first.close();
        }
        assertFalse("stopped by SIGTERM, not killed:\n" + first.output(), first.killed());
        Path file = TestFiles.historyFile(home, "lobby");
        assertEquals("one line per message in " + file, 3, Files.readAllLines(file, StandardCharsets.UTF_8).size());

        try (DistributionNode again = start(DistributionNode.from(DistributionNode.distribution()).reuse(home))) {
            join(again);
            List<String> before = List.of("erin: before the restart 1", "erin: before the restart 2",
                    "erin: before the restart 3");
            assertEquals(before, again.history("lobby", 20, TIMEOUT));

            again.ask("chat:say after the restart", l -> l.equals("[lobby] erin: after the restart"), TIMEOUT);
            List<String> after = new ArrayList<>(before);
            after.add("erin: after the restart");
            assertEquals(after, again.history("lobby", 20, TIMEOUT));
        }
    }

    @Test
    public void theHandleAndTheRoomsOfTheLastRunComeBackButNoPassphrase() throws Exception {
        DistributionNode first = start(DistributionNode.from(DistributionNode.distribution()).directory(home));
        try {
            join(first);
            first.ask("chat:join --passphrase \"four random words here\" plans", l -> l.startsWith("joined plans"), TIMEOUT);
            first.ask("chat:join dev", l -> l.startsWith("joined dev"), TIMEOUT);
            first.ask("chat:room lobby", l -> l.equals("current room is now lobby"), TIMEOUT);
            first.ask("chat:nick erin-the-second", l -> l.equals("you are now erin-the-second"), TIMEOUT);
        } finally {
            first.close();
        }
        Path state;
        try (Stream<Path> files = Files.walk(home.resolve("felix-cache"))) {
            state = files.filter(p -> p.endsWith(Path.of("data", "state.properties"))).findFirst().orElseThrow();
        }
        String kept = Files.readString(state, StandardCharsets.UTF_8);
        assertFalse("no passphrase on disk:\n" + kept, kept.contains("four random words"));
        assertEquals("only its owner reads it", "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

        try (DistributionNode again = start(DistributionNode.from(DistributionNode.distribution()).reuse(home))) {
            again.awaitLine(("*** [plans] plans is encrypted, so it was not rejoined after the restart: join it again"
                    + " with its passphrase")::equals, STARTUP);
            again.ask("chat:nick", l -> l.equals("you are erin-the-second"), TIMEOUT);
            int from = again.lineCount();
            again.send("chat:rooms");
            again.awaitLineAfter(from, l -> l.startsWith("  dev "), TIMEOUT);
            List<String> rooms = again.lines().subList(from, again.lineCount());
            assertTrue(rooms.toString(), rooms.stream().anyMatch(l -> l.startsWith("* lobby ")));
            assertTrue(rooms.toString(), rooms.stream().noneMatch(l -> l.contains("plans")));
        }
    }
}
