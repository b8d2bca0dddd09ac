package org.huddle.itests.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.huddle.itests.Await;
import org.huddle.itests.FreePorts;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The console contract of bin/huddle with stdin not a terminal (docs/console.md), as a script sees it:
 * one command per line, results and messages on stdout with no prompt, one error line per mistake,
 * and the node keeps running after the end of input. Both nodes are pinned to lo.
 */
public class PipeConsoleIT {

    /** Free when the class starts (FreePorts); both nodes and the ones tests add share it. */
    private static final int PORT = FreePorts.udp();
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static DistributionNode carol;
    private static DistributionNode dave;

    @BeforeClass
    public static void startNodes() throws Exception {
        carol = node("carol");
        dave = node("dave");
        for (DistributionNode n : List.of(carol, dave)) {
            n.send("chat:join lobby");
            n.awaitLine(l -> l.equals("joined lobby on 239.255.72.68:" + PORT), STARTUP);
        }
    }

    private static DistributionNode node(String handle) throws Exception {
        return DistributionNode.from(DistributionNode.distribution())
                .name(handle)
                // IPv4 only: Linux does not send IPv6 multicast out of lo, so the default's IPv6 group adds nothing here.
                .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo", "port", Integer.toString(PORT),
                        "groups", "239.255.72.68"))
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", handle))
                .start();
    }

    @AfterClass
    public static void stopNodes() {
        for (DistributionNode n : new DistributionNode[] { carol, dave }) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    public void helpWorksAndNoPromptOrStackTraceIsPrinted() {
        int from = carol.lineCount();
        carol.send("help chat:join");
        carol.awaitLine(l -> l.contains("join a room"), TIMEOUT);
        carol.ask("help", l -> l.startsWith("help <command> explains one"), TIMEOUT);
        List<String> help = carol.lines().subList(from, carol.lineCount());
        assertTrue("help lists the chat commands: " + help, help.stream().anyMatch(l -> l.startsWith("  chat:chat ")));
        assertTrue("and not the framework's: " + help, help.stream().noneMatch(l -> l.contains("felix:")));
        assertTrue("no Java types: " + help, help.stream().noneMatch(l -> l.contains("String[]")));
        carol.send("chat:rooms");
        carol.awaitLine(l -> l.startsWith("* lobby  239.255.72.68:" + PORT), TIMEOUT);
        for (String line : carol.lines()) {
            assertFalse("no prompt: " + line, line.startsWith("g! "));
            assertFalse("no stack trace: " + carol.output(), line.trim().startsWith("at ") || line.contains("Exception:"));
        }
    }

    @Test
    public void eachMistakeGetsOneErrorLine() {
        onlyLine("chat:history lobby many",
                "error: 'many' is not a number of messages: give a whole number of at least 1"::equals);
        onlyLine("chat:nosuchcommand", l -> l.startsWith("error: ") && l.contains("chat:nosuchcommand"));
        onlyLine("chat:room nowhere", l -> l.startsWith("error: not in room 'nowhere'"));
    }

    /**
     * Empty lines, lines of blanks and lines starting with {@code #} (also after blanks) are skipped: nothing is
     * printed for them, and a command after the {@code #} is not run.
     */
    @Test
    public void blankLinesAndCommentsAreSkipped() {
        for (String skipped : List.of("", "   ", "\t", "# chat:say not for anyone", "  #chat:leave lobby", "#")) {
            int from = carol.lineCount();
            carol.send(skipped);
            assertEquals("what `" + skipped + "` printed", List.of(), printedBefore(from, "chat:nick carol",
                    "you are now carol"));
        }
        carol.send("chat:say after the comments");
        dave.awaitLine("[lobby] carol: after the comments"::equals, TIMEOUT);
        assertFalse("a commented-out say was said: " + dave.lines(),
                dave.lines().contains("[lobby] carol: not for anyone"));
        carol.ask("chat:rooms", l -> l.startsWith("* lobby"), TIMEOUT); // a commented-out leave was not run
    }

    /**
     * Sends a mistake, then a command whose answer is known: between the two, the console printed the one error
     * line and nothing else (messages and {@code ***} notices may come at any time and are not counted).
     */
    private static void onlyLine(String mistake, Predicate<String> error) {
        int from = carol.lineCount();
        carol.send(mistake);
        List<String> printed = printedBefore(from, "chat:nick carol", "you are now carol");
        assertEquals("what `" + mistake + "` printed", 1, printed.size());
        assertTrue(printed.get(0), error.test(printed.get(0)));
    }

    /**
     * Sends a command whose answer is known and returns what carol printed from line {@code from} up to that
     * answer, without messages and {@code ***} notices (they may come at any time).
     */
    private static List<String> printedBefore(int from, String command, String answer) {
        carol.send(command);
        carol.awaitLineAfter(from, answer::equals, TIMEOUT);
        List<String> printed = new ArrayList<>();
        for (String line : carol.lines().subList(from, carol.lineCount())) {
            if (line.equals(answer)) {
                break;
            }
            if (!line.startsWith("*** ") && !line.startsWith("[")) {
                printed.add(line);
            }
        }
        return printed;
    }

    @Test
    public void messagesAppearInTheStableFormatAndKeepComingAfterTheEndOfInput() {
        carol.send("chat:say hello \"dave\"");
        dave.awaitLine(l -> l.equals("[lobby] carol: hello dave"), TIMEOUT);
        carol.awaitLine(l -> l.equals("[lobby] carol: hello dave"), TIMEOUT);

        // Only this test ends an input: dave's, so carol can still be sent commands by the others.
        dave.endInput();
        carol.send("chat:say still there?");
        dave.awaitLine(l -> l.equals("[lobby] carol: still there?"), TIMEOUT);
        assertTrue("dave keeps running after the end of its input", dave.isAlive());
        assertEquals(1, dave.lines().stream().filter(l -> l.equals("[lobby] carol: still there?")).count());
    }

    @Test
    public void globCharactersInChatTextAreSentAsTyped() {
        // Gogo would expand these into file names of the node's directory (bin*, conf?...), or fail.
        carol.send("chat:say is * in bin* or conf?");
        carol.awaitLine(l -> l.equals("[lobby] carol: is * in bin* or conf?"), TIMEOUT);
    }

    @Test
    public void theInputOutlivesAStopAndStartOfTheShellBundle() {
        // The stdin reader lives in huddle-console, not in the front end that is stopped here.
        String listed = carol.ask("lb -s", l -> l.contains("|org.huddle.shell "), TIMEOUT);
        String id = listed.substring(0, listed.indexOf('|')).strip();
        carol.send("stop " + id);
        carol.ask("chat:rooms", l -> l.startsWith("error: Command not found: chat:rooms"), TIMEOUT);
        carol.send("start " + id);
        Await.until(TIMEOUT, () -> carol.ask("chat:rooms", l -> l.startsWith("* lobby") || l.startsWith("error:"),
                TIMEOUT).startsWith("* lobby"), "chat:rooms to answer again, with lobby still joined");
        carol.send("chat:say back after the restart of huddle-shell");
        dave.awaitLine(l -> l.equals("[lobby] carol: back after the restart of huddle-shell"), TIMEOUT);
    }

    @Test
    public void withChatEveryInputLineIsSaidAsTypedAndSlashLinesAreCommands() throws Exception {
        try (DistributionNode erin = DistributionNode.from(DistributionNode.distribution()).name("erin")
                .args("--chat", "lobby")
                .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo", "port", Integer.toString(PORT),
                        "groups", "239.255.72.68"))
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "erin")).start()) {
            dave.awaitLine(l -> l.startsWith("*** [lobby] erin "), STARTUP); // joined, or is here
            for (String text : TerminalConsoleIT.HOSTILE) {
                erin.send(text);
                dave.awaitLine(("[lobby] erin: " + text)::equals, TIMEOUT);
            }
            erin.send("//slash");
            dave.awaitLine("[lobby] erin: /slash"::equals, TIMEOUT);
            erin.send("/bogus");
            erin.awaitLine(l -> l.startsWith("error: no command /bogus"), TIMEOUT);
            erin.send("/quit");
            erin.ask("chat:rooms", l -> l.startsWith("* lobby"), TIMEOUT);
            assertTrue(erin.isAlive());
        }
    }

    @Test
    public void aWebPortInUseIsOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DistributionNode frank = DistributionNode.from(DistributionNode.distribution()).name("frank")
                        .httpPort(taken.getLocalPort())
                        .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", "lo", "port",
                                Integer.toString(PORT), "groups", "239.255.72.68"))
                        .start()) {
            String told = frank.awaitLine(l -> l.startsWith("*** the web page is off"), STARTUP);
            assertTrue(told, told.contains("is port " + taken.getLocalPort() + " in use")
                    && told.contains("org.osgi.service.http.port in conf/config.properties"));
            frank.ask("chat:rooms", l -> l.startsWith("no rooms joined"), TIMEOUT);
        }
    }

    @Test
    public void exitStopsTheNodeAsAtThePrompt() throws Exception {
        try (DistributionNode erin = node("erin")) {
            erin.ask("chat:rooms", l -> l.startsWith("no rooms joined"), STARTUP);
            erin.send("exit");
            erin.awaitLine(l -> l.equals("*** stopping Huddle"), TIMEOUT);
            Await.until(TIMEOUT, () -> !erin.isAlive(), "erin's process ends after exit");
            assertFalse(erin.output(), erin.output().contains("Cannot coerce"));
        }
    }
}
