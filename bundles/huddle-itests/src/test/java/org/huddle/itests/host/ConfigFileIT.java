package org.huddle.itests.host;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.huddle.itests.Await;
import org.huddle.itests.FreePorts;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * An operator edits the distribution's load/*.cfg files while the node runs (FileInstall feeds them to
 * ConfigAdmin): the node follows within seconds, with the room still joined, and a file it cannot use is
 * refused with the reason in chat:stats while the node stays on its last good settings. Pinned to lo.
 */
public class ConfigFileIT {

    /** Free when the class starts (FreePorts), chosen together so that they differ: the node's, and where it moves. */
    private static final int[] PORTS = FreePorts.udp(2);
    private static final int PORT = PORTS[0];
    private static final int MOVED_PORT = PORTS[1];
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration FOLLOW = Duration.ofSeconds(30);

    private DistributionNode node;

    @Before
    public void start() throws IOException {
        node = DistributionNode.from(DistributionNode.distribution())
                .name("erin")
                // IPv4 only: Linux does not send IPv6 multicast out of lo, so the default's IPv6 group adds nothing here.
                .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo", "port", Integer.toString(PORT),
                        "groups", "239.255.72.68"))
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "erin"))
                .start();
        node.send("chat:join lobby");
        node.awaitLine(l -> l.equals("joined lobby on 239.255.72.68:" + PORT), STARTUP);
    }

    @After
    public void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void editingTheTransportFileMovesTheRunningNode() throws Exception {
        edit(DistributionNode.TRANSPORT_CFG, "port", Integer.toString(MOVED_PORT));
        awaitAnswer("chat:rooms", l -> l.equals("* lobby  239.255.72.68:" + MOVED_PORT + "  0 messages  open"));
    }

    @Test
    public void aFileTheNodeCannotUseIsRefusedWithTheReason() throws Exception {
        edit(DistributionNode.TRANSPORT_CFG, "interfaces", "nosuchif0");
        String line = awaitAnswer("chat:stats", l -> l.startsWith("transport.default.description ")
                && l.contains("configuration refused"));
        assertTrue(line, line.contains("nosuchif0") && line.contains(":" + PORT + " on lo"));
        awaitAnswer("chat:rooms", l -> l.startsWith("* lobby  239.255.72.68:" + PORT));

        // and the console says so, once, without being asked
        edit(DistributionNode.TRANSPORT_CFG, "port", "99999");
        String told = node.awaitLine(l -> l.startsWith("*** ") && l.contains("port 99999 is not between 1 and 65535"),
                FOLLOW);
        assertTrue(told, told.startsWith("*** transport default: configuration refused, still running on "));
    }

    @Test
    public void editingTheEngineFileChangesTheHandleWithoutLeavingTheRoom() throws Exception {
        edit(DistributionNode.ENGINE_CFG, "handle", "erin2");
        awaitAnswer("chat:nick", l -> l.equals("you are erin2"));
        awaitAnswer("chat:room", l -> l.equals("lobby"));
    }

    /** Sets one key of a file in the node's load/ folder, as an operator's editor would. */
    private void edit(String file, String key, String value) throws IOException {
        TestFiles.setCfg(node.home().resolve("load").resolve(file), Map.of(key, value));
    }

    /** Asks until the answer shows up: FileInstall polls the folder about once a second. */
    private String awaitAnswer(String command, Predicate<String> answer) {
        try {
            return Await.value(FOLLOW, () -> {
                try {
                    return node.ask(command, answer, Duration.ofSeconds(1));
                } catch (AssertionError notYet) {
                    return null;
                }
            }, "an answer to " + command + " that matches");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; output:\n" + node.output(), e);
        }
    }
}
