package org.huddle.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines as typed at the prompt, run in a real Gogo session with a {@code chat:say} that records what it was given:
 * chat text is never shell syntax, and every mistake is one {@code error:} line without a Java class name.
 */
class CommandLineTest {

    /** Stands in for huddle-shell's chat:say: keeps each call's arguments joined as the real one joins them. */
    public static final class Say {
        final List<String> said = new ArrayList<>();
        int calls;

        public String say(String... text) {
            calls++;
            said.add(String.join(" ", text));
            return null;
        }

        public String boom() {
            throw new IllegalStateException("first line\nsecond line \u001b[31m");
        }

        public String npe() {
            throw new NullPointerException();
        }
    }

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final Say say = new Say();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private CommandSession session;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("chat", say, "say");
        processor.addCommand("chat", say, "boom");
        processor.addCommand("chat", say, "npe");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        session.currentDir(dir);
    }

    @AfterEach
    void stop() {
        session.close();
        threadIO.stop();
    }

    @Test
    void atThePromptChatSayTakesTheRestOfTheLineAsTyped() throws Exception {
        CommandLine prompt = new CommandLine(true);
        List<String> texts = List.of("lol :)", "it's fine", "50%", "$HOME", "2 > 1", "hello; world",
                "see you @ 5 (or 6)", "<3", ":(", "a | b", "x && y || z", "{ closure }", "`backticks`", "$(date)",
                "he said \"hi\"", "back\\slash", "emoji 😀 and مرحبا", "*", "how are you?", "two  spaces", "--help me");
        for (String text : texts) {
            assertNull(prompt.run(session, "chat:say " + text), text);
        }
        assertEquals(texts, say.said);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing was redirected into a file");
        }
    }

    @Test
    void oneQuotePairAroundTheWholeTextComesOffAndSayWorksWithoutItsScope() {
        CommandLine prompt = new CommandLine(true);
        prompt.run(session, "chat:say \"it's fine\"");
        prompt.run(session, "say 'quoted \"inside\"'");
        prompt.run(session, "SAY \"a\" and \"b\"");
        assertEquals(List.of("it's fine", "quoted \"inside\"", "\"a\" and \"b\""), say.said);
    }

    @Test
    void pipeModeKeepsGogoSyntax() {
        CommandLine pipe = new CommandLine(false);
        pipe.run(session, "chat:say hello \"dave\"");
        assertEquals(List.of("hello dave"), say.said);
    }

    @Test
    void everyMistakeIsOneErrorLineWithoutAClassName() {
        CommandLine prompt = new CommandLine(true);
        for (String bad : List.of("echo hi)", "chat:foo", "nosuch", "chat:boom", "chat:npe", "x = (", "'unclosed",
                "chat:say", "{")) {
            String shown = prompt.run(session, bad);
            if (bad.equals("chat:say")) {
                continue; // the real command answers with its usage; this stand-in accepts nothing
            }
            assertTrue(shown != null && shown.startsWith("error: "), bad + " -> " + shown);
            assertEquals(1, shown.lines().count(), shown);
            assertFalse(shown.matches(".*\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*.*"), "no Java class name: " + shown);
            assertFalse(shown.contains("Exception"), shown);
            assertFalse(shown.contains("\u001b"), "escapes shown, not sent: " + shown);
        }
        assertEquals(1, say.calls, "only the bare chat:say ran the command");
    }

    @Test
    void blankLinesAndCommentsDoNothing() {
        CommandLine prompt = new CommandLine(true);
        assertNull(prompt.run(session, "   "));
        assertNull(prompt.run(session, "# chat:say not this"));
        assertEquals(0, say.calls);
    }

    @Test
    void linesAreReadWithoutReadingAhead() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream("one\r\ntwo 😀\n\nlast".getBytes(StandardCharsets.UTF_8));
        assertEquals("one", PipedConsole.readLine(in));
        assertEquals("two 😀", PipedConsole.readLine(in));
        assertEquals("", PipedConsole.readLine(in));
        assertEquals(4, in.available(), "the next line is still there for whoever reads next");
        assertEquals("last", PipedConsole.readLine(in));
        assertNull(PipedConsole.readLine(in));
    }
}
