package org.huddle.itests.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.huddle.itests.Await;
import org.huddle.itests.FreePorts;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The console as a person uses it: alice's node runs under a real pseudo-terminal (tmux) and is typed at, bob's
 * is driven through its pipe and shows what arrives. What people type (smileys, apostrophes, percent signs,
 * shell syntax, other scripts, a long paste) is said, never run, and arrives byte-identical at bob; no line
 * stops the node; every mistake is one {@code error:} line. Both nodes are pinned to lo.
 */
public class TerminalConsoleIT {

    /** Free when the class starts (FreePorts). */
    private static final int PORT = FreePorts.udp();
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PROMPT = "g! ";

    /** What people type, each a message: none of it may run, expand, redirect or stop anything. */
    static final List<String> HOSTILE = List.of("lol :)", "it's fine", "50%", "$HOME", "2 > 1", "hello; world",
            "see you @ 5 (or 6)", "<3", ":(", "a | b && c", "\"quoted\" and 'single'", "back\\slash \\n",
            "{x} [y] * ?", "$(date) `id`", "wow!!", "emoji 😀👍🏽", "مرحبا بالعالم", "שלום עולם", "日本語のテキスト",
            "-- not an option", "#not a comment", "exit", "stop 0");

    private static TerminalNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void startNodes() throws Exception {
        Map<String, String> lo = Map.of("interfaces", "lo", "port", Integer.toString(PORT), "groups", "239.255.72.68");
        bob = DistributionNode.from(DistributionNode.distribution()).name("bob")
                .configure(DistributionNode.TRANSPORT_CFG, lo)
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "bob")).start();
        alice = DistributionNode.from(DistributionNode.distribution()).name("alice")
                .configure(DistributionNode.TRANSPORT_CFG, lo)
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "alice")).startInTerminal();
        bob.send("chat:join lobby");
        bob.awaitLine(l -> l.startsWith("joined lobby"), STARTUP);
        alice.awaitScreen(TerminalConsoleIT::promptShown, STARTUP);
        run("chat:join lobby");
    }

    @AfterClass
    public static void stopNodes() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    /** Each test starts at the g! prompt, whatever the last one left (Ctrl-D leaves chat mode). */
    @Before
    public void atThePrompt() {
        assertTrue("alice's node runs\n" + alice.scrollback(), alice.isAlive());
        if (!promptShown(alice.screen())) {
            alice.key("C-c");
            alice.key("C-d");
            alice.awaitScreen(TerminalConsoleIT::promptShown, TIMEOUT);
        }
    }

    @Test
    public void belowTheBannerThePagesAddressWithItsToken() throws IOException {
        String token = Files.readString(alice.home().resolve("data/web.token")).strip();
        // the port: any free one, as every node outside a namespace gets here
        String line = "web page: http://127.0.0.1:\\d+/huddle/\\?token=" + token;
        assertTrue(alice.scrollback(), alice.lines().stream().anyMatch(l -> l.strip().matches(line)));
    }

    private static boolean promptShown(String screen) {
        List<String> lines = screen.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return !lines.isEmpty() && lines.get(lines.size() - 1).equals(PROMPT.strip());
    }

    /**
     * Types a line at the g! prompt and returns what it printed: the lines between the typed line and the next
     * prompt.
     */
    private static List<String> run(String line) {
        int before = count(alice.lines(), PROMPT + line);
        alice.typeLine(line);
        return Await.value(TIMEOUT, () -> {
            List<String> lines = alice.lines();
            int at = indexOf(lines, PROMPT + line, before + 1);
            if (at < 0) {
                return null;
            }
            for (int i = at + 1; i < lines.size(); i++) {
                if (lines.get(i).startsWith(PROMPT.strip())) {
                    return lines.subList(at + 1, i).stream().filter(l -> !l.isBlank()).toList();
                }
            }
            return null;
        }, "the prompt after '" + line + "'");
    }

    private static int count(List<String> lines, String line) {
        return (int) lines.stream().filter(line::equals).count();
    }

    /** @return the index of the n-th (from 1) line equal to {@code line}, or -1 */
    private static int indexOf(List<String> lines, String line, int n) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(line) && ++seen == n) {
                return i;
            }
        }
        return -1;
    }

    private static void bobSees(String text) {
        bob.awaitLine(("[lobby] alice: " + text)::equals, TIMEOUT);
    }

    @Test
    public void atThePromptChatSayTakesTheRestOfTheLineAsTyped() {
        for (String text : HOSTILE) {
            List<String> printed = run("chat:say " + text).stream().filter(l -> !l.startsWith("*** ")).toList();
            assertEquals("alice sees her own message, and nothing else", List.of("[lobby] alice: " + text), printed);
            bobSees(text);
        }
        run("chat:say \"it's quoted\"");
        bobSees("it's quoted");
        assertTrue("the node still runs", alice.isAlive());
        assertFalse("nothing was redirected into a file", alice.home().resolve("1").toFile().exists());
    }

    @Test
    public void everyMistakeIsOneErrorLineAndTheNodeRunsOn() {
        for (String bad : List.of("echo hi)", "chat:foo", "chat:say", "chat:join --bogus x", "chat:history lobby many",
                "x = (", "'unclosed", "{", "chat:join ünï/", "nosuchcommand")) {
            // notices (bob's presence) may arrive at any time: they are no output of the command
            List<String> printed = run(bad).stream().filter(l -> !l.startsWith("*** ")).toList();
            assertEquals(bad + " prints one line: " + printed, 1, printed.size());
            String line = printed.get(0);
            assertTrue(bad + ": " + line, line.startsWith("error: "));
            assertFalse(bad + ": " + line, line.contains("Exception") || line.matches(".*\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w+.*"));
        }
        assertTrue(alice.isAlive());
        assertEquals(List.of("you are alice"), run("chat:nick"));
    }

    @Test
    public void chatModeSaysEveryLineAsTypedAndRunsSlashCommands() {
        alice.typeLine("chat:chat lobby");
        alice.awaitLine(l -> l.startsWith("*** chat mode in lobby"), TIMEOUT);
        alice.awaitScreen(s -> s.stripTrailing().endsWith("[lobby] alice>"), TIMEOUT);
        for (String text : HOSTILE) {
            alice.typeLine(text);
            bobSees(text);
        }
        String paste = "A long paste, " + "0123456789 абвгд 😀 ".repeat(150) + "end.";
        alice.typeLine(paste);
        bobSees(paste);
        alice.typeLine("//etc/hosts is a path");
        bobSees("/etc/hosts is a path");
        alice.typeLine("/me waves");
        bobSees("/me waves");
        alice.awaitLine("[lobby] * alice waves"::equals, TIMEOUT);
        alice.typeLine("/bogus");
        alice.awaitLine(l -> l.startsWith("error: no command /bogus"), TIMEOUT);
        alice.typeLine("/nick alice2");
        alice.awaitScreen(s -> s.stripTrailing().endsWith("[lobby] alice2>"), TIMEOUT);
        alice.typeLine("/nick alice");
        alice.awaitScreen(s -> s.stripTrailing().endsWith("[lobby] alice>"), TIMEOUT);

        bob.send("chat:say hi alice, see you at 5");
        alice.awaitLine("[lobby] bob: hi alice, see you at 5"::equals, TIMEOUT);

        // Tab: a command, then a peer's handle in text
        alice.type("/jo");
        alice.key("Tab");
        alice.awaitScreen(sc -> sc.stripTrailing().endsWith("[lobby] alice> /join"), TIMEOUT);
        alice.key("C-c");
        alice.awaitScreen(sc -> sc.stripTrailing().endsWith("[lobby] alice>"), TIMEOUT);
        alice.type("hi @bo");
        alice.key("Tab");
        alice.awaitScreen(sc -> sc.stripTrailing().endsWith("[lobby] alice> hi @bob"), TIMEOUT);
        alice.key("Enter");
        bobSees("hi @bob "); // a completed handle is followed by a blank, ready for the next word

        // at the prompt: a Ctrl-C typed while a line is still being sent can end chat mode (see the note of issue 17)
        alice.awaitScreen(sc -> sc.stripTrailing().endsWith("[lobby] alice>"), TIMEOUT);
        alice.type("half a line");
        alice.awaitScreen(sc -> sc.stripTrailing().endsWith("[lobby] alice> half a line"), TIMEOUT);
        alice.key("C-c");
        alice.awaitScreen(s -> s.stripTrailing().endsWith("[lobby] alice>"), TIMEOUT);
        alice.key("C-d");
        alice.awaitScreen(TerminalConsoleIT::promptShown, TIMEOUT);
        assertEquals("Ctrl-C cleared the line: nothing was said", 0,
                bob.lines().stream().filter(l -> l.contains("half a line")).count());
        assertTrue("Ctrl-D left chat mode, not the node", alice.isAlive());
        assertEquals(List.of("you are alice"), run("chat:nick"));
    }

    @Test
    public void ctrlCAtThePromptClearsTheLine() {
        alice.type("chat:say never sent");
        alice.awaitScreen(s -> s.contains(PROMPT + "chat:say never sent"), TIMEOUT);
        alice.key("C-c");
        // the terminal drops what is typed before the interrupt is handled, as any shell's does: wait for the prompt
        alice.awaitScreen(TerminalConsoleIT::promptShown, TIMEOUT);
        assertEquals(List.of("you are alice"), run("chat:nick"));
        assertTrue(alice.isAlive());
        assertEquals(0, bob.lines().stream().filter(l -> l.contains("never sent")).count());
    }
}
