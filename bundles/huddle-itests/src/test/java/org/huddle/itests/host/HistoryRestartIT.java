package org.huddle.itests.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A node's room history survives a restart (docs/storage.md): a node says three things, is stopped, and a
 * new node started in the same copy of the distribution shows them again with chat:history. Pinned to lo.
 */
public class HistoryRestartIT {

    private static final int PORT = 7492;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern HISTORY_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\[lobby\\] erin: (.*)");

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
        Path file = historyFile();
        assertEquals("one line per message in " + file, 3, Files.readAllLines(file, StandardCharsets.UTF_8).size());

        try (DistributionNode again = start(DistributionNode.from(DistributionNode.distribution()).reuse(home))) {
            join(again);
            assertEquals(List.of("before the restart 1", "before the restart 2", "before the restart 3"),
                    history(again));

            again.ask("chat:say after the restart", l -> l.equals("[lobby] erin: after the restart"), TIMEOUT);
            assertEquals(List.of("before the restart 1", "before the restart 2", "before the restart 3",
                    "after the restart"), history(again));
        }
    }

    /** @return the texts that {@code chat:history lobby} lists, in its order */
    private static List<String> history(DistributionNode node) {
        int from = node.lineCount();
        node.send("chat:history lobby");
        // The command's lines are printed together; an end marker tells when all of them are there.
        node.send("chat:room");
        node.awaitLineAfter(from, l -> l.equals("lobby"), TIMEOUT);
        return node.lines().subList(from, node.lineCount()).stream()
                .map(HISTORY_LINE::matcher)
                .filter(m -> m.matches())
                .map(m -> m.group(1))
                .toList();
    }

    /** The engine's file for lobby, in its bundle's data area inside the node's framework cache. */
    private Path historyFile() throws Exception {
        try (Stream<Path> files = Files.walk(home.resolve("felix-cache"))) {
            List<Path> found = files.filter(p -> p.endsWith(Path.of("data", "history", "lobby.jsonl"))).toList();
            assertEquals("one history file for lobby: " + found, 1, found.size());
            return found.get(0);
        }
    }
}
