package org.huddle.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.huddle.api.ChatMessage;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.ChatEngine;
import org.huddle.engine.internal.core.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chat mode's lines against the real engine and the real commands in a real Gogo session: text is said exactly
 * as typed, whatever it holds; {@code /commands} run the {@code chat:} commands with quoted words; mistakes are
 * one {@code error:} line.
 */
class ChatModeTest {

    /** What people type, and what a shell would have taken for syntax. */
    static final List<String> HOSTILE = List.of("lol :)", "it's fine", "50%", "$HOME", "2 > 1", "hello; world",
            "see you @ 5 (or 6)", "<3", ":(", "a | b", "\"quoted\" and 'single'", "back\\slash \\n", "{x} [y] *",
            "emoji 😀👍🏽", "مرحبا بالعالم", "שלום", "tab\there", "   leading and trailing   ", "-- not an option",
            "--help", "#not a comment", "!! !$ ^a^b", "x".repeat(3000));

    private final ChatEngine engine = new ChatEngine("alice", 100,
            new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec()), (m, t) -> { });
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private CommandSession session;
    private ChatMode mode;

    @BeforeEach
    void start() {
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        ChatCommands chat = new ChatCommands(engine);
        for (String f : List.of("nick", "join", "say", "room", "rooms", "leave", "history", "stats")) {
            processor.addCommand("chat", chat, f);
        }
        processor.addCommand("chat", new NetworkCommands(engine), "peers");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        engine.bindTransport(new HostileNetwork());
        engine.join("lobby");
        mode = new ChatMode(engine, session, "lobby");
    }

    @AfterEach
    void stop() {
        engine.deactivate();
        session.close();
        threadIO.stop();
    }

    private List<String> said(String room) {
        return engine.history(room, 1000).stream().map(ChatMessage::content).toList();
    }

    @Test
    void everyLineThatIsNoCommandIsSaidExactlyAsTyped() {
        for (String text : HOSTILE) {
            ChatMode.Outcome outcome = mode.line(text);
            assertNull(outcome.shown(), text);
            assertFalse(outcome.quit());
        }
        assertEquals(HOSTILE, said("lobby"));
    }

    @Test
    void aDoubleSlashSaysALineThatStartsWithASlash() {
        mode.line("//etc/passwd is a path");
        mode.line("/me waves at bob");
        assertEquals(List.of("/etc/passwd is a path", "/me waves at bob"), said("lobby"));
    }

    @Test
    void slashCommandsRunTheChatCommandsWithQuotedWords() {
        assertEquals("you are now bob", mode.line("/nick bob").shown());
        String joined = mode.line("/join --passphrase \"four random words here\" plans").shown();
        assertTrue(joined.startsWith("joined plans"), joined);
        assertEquals("plans", mode.room());
        mode.line("in the encrypted room");
        assertEquals(List.of("in the encrypted room"), said("plans"));
        assertTrue(mode.line("/rooms").shown().contains("plans"));
        assertTrue(mode.line("/history 5").shown().endsWith("[plans] bob: in the encrypted room"));
        assertTrue(mode.line("/leave").shown().startsWith("left plans"));
        assertEquals("lobby", mode.room());
        assertTrue(mode.line("/quit").quit());
        assertTrue(mode.line("/QUIT").quit());
    }

    @Test
    void mistakesAreOneErrorLine() {
        for (String bad : List.of("/", "/bogus", "/say hi", "/chat", "/me", "/nick " + "x".repeat(40),
                "/join bad/room", "/history lobby many")) {
            String shown = mode.line(bad).shown();
            assertTrue(shown.startsWith("error: "), bad + " -> " + shown);
            assertEquals(1, shown.lines().count(), shown);
        }
        assertEquals(List.of(), said("lobby"));
    }

    @Test
    void withoutARoomTextIsRefusedUntilOneIsJoined() {
        ChatMode nowhere = new ChatMode(engine, session, null);
        assertEquals("error: not in a room: /join <room> first", nowhere.line("hello").shown());
        nowhere.line("/join lobby");
        nowhere.line("hello");
        assertEquals(List.of("hello"), said("lobby"));
    }
}
