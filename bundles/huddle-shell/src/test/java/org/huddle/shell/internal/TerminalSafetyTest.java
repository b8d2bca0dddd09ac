package org.huddle.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.huddle.api.JoinOptions;
import org.huddle.api.TerminalText;
import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.ChatEngine;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Everything the console prints that came from someone else, through the real engine, the real commands and
 * the real console listener on a real Gogo session: handles, message text, notices, peers, ping replies and
 * the diagnosis carry terminal escapes, bidirectional controls, line breaks and broken UTF-16, and none of it
 * reaches the terminal raw.
 */
class TerminalSafetyTest {

    private static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());

    /** A valid handle (no C0 or C1 control): right-to-left override, an isolate and a lone surrogate. */
    private static final String HANDLE = "\u202eevil\u2066\ud800";
    private static final String HANDLE_SHOWN = "\\u202eevil\\u2066\\ud800";

    /** Clears the screen, sets the window title, rings, breaks the line, and more, in one message. */
    private static final String CONTENT = "\u001b[2J\u001b]0;owned\u0007 a\r\nb\u0085\u009b31m\u007f\u2028\u2029\u200f"
            + "\u061c\udc00 end \ud83d\ude00";
    private static final String CONTENT_SHOWN = "\\u001b[2J\\u001b]0;owned\\u0007 a\\r\\nb\\u0085\\u009b31m\\u007f"
            + "\\u2028\\u2029\\u200f\\u061c\\udc00 end \ud83d\ude00";

    private static final String PEER = "0123456789abcdef";
    private static final InetSocketAddress FROM = HostileNetwork.host(66, 7446);

    private final HostileNetwork network = new HostileNetwork();
    private final ChatEngine engine = new ChatEngine("me", 100, CODECS, (m, t) -> { });
    private final ChatCommands chat = new ChatCommands(engine);
    private final NetworkCommands net = new NetworkCommands(engine);
    private final ConsoleChatListener console = new ConsoleChatListener();
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private CommandSession session;

    @BeforeEach
    void start() {
        threadIO.start();
        session = new CommandProcessorImpl(threadIO).createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(terminal, true, StandardCharsets.UTF_8), System.err);
        console.beforeExecute(session, "chat:join lobby"); // as Gogo does before every command
        engine.listeners(List.of(console));
        engine.bindTransport(network);
        chat.join("huddle", "", "0", "", "lobby");
    }

    @AfterEach
    void stop() {
        engine.deactivate();
        session.close();
        threadIO.stop();
    }

    private void arrive(Envelope e) {
        network.arrive(HostileNetwork.CHANNEL, bytes(CODECS.huddle().encode(e)), FROM);
    }

    private static Envelope message(long seq, String content, Envelope.Extras extras) {
        return new Envelope(Envelope.Type.MESSAGE, PEER, HANDLE, "lobby", seq, System.currentTimeMillis(), content, extras);
    }

    @Test
    void incomingMessagesAndHistoryShowHandleAndTextEscaped() throws Exception {
        arrive(message(1, CONTENT, Envelope.Extras.NONE));
        assertEquals("[lobby] " + HANDLE_SHOWN + ": " + CONTENT_SHOWN, awaitLine(l -> l.startsWith("[lobby]")));
        String history = chat.history();
        assertTrue(history.endsWith(" [lobby] " + HANDLE_SHOWN + ": " + CONTENT_SHOWN), history);
        assertSafe(history);
        assertSafe(printed());
    }

    @Test
    void noticesShowTheHandlesOfPeersEscaped() throws Exception {
        arrive(new Envelope(Envelope.Type.HELLO, PEER, HANDLE, "", 0, System.currentTimeMillis(), "",
                Envelope.Extras.hello(List.of(), java.util.Map.of("lobby", 0L))));
        // a stranger heard right after joining was there already
        assertEquals("*** [lobby] " + HANDLE_SHOWN + " is here", awaitLine(l -> l.endsWith(" is here")));
        arrive(message(1, "part one", Envelope.Extras.fragment(1, 2)));
        arrive(message(2, "a whole message where part two belonged", Envelope.Extras.NONE));
        assertEquals("*** [lobby] an incomplete message from " + HANDLE_SHOWN + " was dropped (1 of 2 parts lost)",
                awaitLine(l -> l.contains("incomplete")));
        arrive(message(5, "after a gap", Envelope.Extras.NONE)); // 3 and 4 never come: given up after the hold time
        assertEquals("*** [lobby] lost 2 messages from " + HANDLE_SHOWN + " in lobby",
                awaitLine(l -> l.contains("lost 2")));
        arrive(new Envelope(Envelope.Type.BYE, PEER, HANDLE, "lobby", 0, System.currentTimeMillis(), ""));
        assertEquals("*** [lobby] " + HANDLE_SHOWN + " left lobby", awaitLine(l -> l.endsWith("left lobby")));
        assertSafe(printed());
    }

    @Test
    void peersShowHandlesEscapedWhetherHeardInARoomByBeaconOrOnBackchannel() throws Exception {
        arrive(message(1, "hi", Envelope.Extras.NONE));
        engine.beacon(true);
        network.arrive(HostileNetwork.channel("224.0.0.1", 9778),
                "{\"username\":\"\\u202ebeacon\\u2069\"}".getBytes(StandardCharsets.UTF_8), HostileNetwork.host(67, 9778));
        chat.join("backchannel", "", "0", "", "bc");
        Channel backchannel = HostileNetwork.channel(Wire.BACKCHANNEL.defaultGroup(), Wire.BACKCHANNEL.defaultPort());
        network.arrive(backchannel, "{\"client_id\":\"c\\u200f1\",\"handle\":\"\\u2067bc\\udfff\",\"content\":\"\\u001b[5m\"}"
                .getBytes(StandardCharsets.UTF_8), HostileNetwork.host(68, 6811));
        assertEquals("[bc] \\u2067bc\\udfff: \\u001b[5m", awaitLine(l -> l.startsWith("[bc]")));
        String peers = net.peers();
        assertTrue(peers.contains(HANDLE_SHOWN + "  198.51.100.66:7446  room lobby  "), peers);
        assertTrue(peers.contains("\\u202ebeacon\\u2069  198.51.100.67:9778  beacon  "), peers);
        assertTrue(peers.contains("\\u2067bc\\udfff  198.51.100.68:6811  room bc  "), peers);
        assertSafe(peers);
    }

    @Test
    void pingRepliesShowTheirTextEscapedAsTheyArrive() throws Exception {
        // A program that answers anything with a terminal escape, and so long that the engine cuts it after 200
        // characters, between the halves of an emoji; and a Huddle node with a hostile handle and pong.
        String foreign = "\u001b]0;owned\u0007\u202eack" + "k".repeat(200 - 15) + "\ud83d\ude00 and more";
        network.answerProbes(probe -> foreign.getBytes(StandardCharsets.UTF_8));
        network.answerProbes(probe -> {
            try {
                Envelope ping = CODECS.huddle().decode(probe);
                return bytes(CODECS.huddle().encode(new Envelope(Envelope.Type.PONG, PEER, HANDLE, ping.room(),
                        ping.sequence(), System.currentTimeMillis(), CONTENT)));
            } catch (MalformedDatagramException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("2 replies", net.ping(session, "", "0", "200"));
        List<String> replies = printed().lines().filter(l -> l.startsWith("reply from")).toList();
        assertEquals(2, replies.size(), printed());
        assertTrue(replies.get(0).matches("reply from 198\\.51\\.100\\.10:10000 in \\d+ ms: "
                + "\\\\u001b]0;owned\\\\u0007\\\\u202eack" + "k".repeat(200 - 15) + "\\\\ud83d…"), replies.get(0));
        assertTrue(replies.get(1).endsWith(" ms: " + CONTENT_SHOWN), replies.get(1));
        assertSafe(printed());
    }

    @Test
    void theDiagnosisShowsInterfaceNamesAndRepliesEscaped() {
        network.interfaceName("eth\u001b[8m0"); // Linux refuses '/', ':' and white space in a name, not ESC
        network.answerProbes(probe -> "\u009b6n".getBytes(StandardCharsets.UTF_8));
        String report = net.diagnose("200");
        assertTrue(report.contains("eth\\u001b[8m0 IPv4: "), report);
        assertSafe(report);
    }

    @Test
    void theCommandsAboutRoomsShowWhatTheEngineSaysEscaped() {
        chat.join("huddle", "", "0", "", "#dev");
        assertSafe(chat.rooms());
        assertSafe(chat.room());
        assertSafe(chat.leave("#dev"));
        assertSafe(chat.join("huddle", "", "0", "", "plans\u202e"));
        assertSafe(chat.nick("\u202eme"));
    }

    /** @return the first line printed on the terminal that matches, within {@link Await#DEADLINE} */
    private String awaitLine(Predicate<String> wanted) {
        return Await.value(Await.DEADLINE, () -> printed().lines().filter(wanted).findFirst().orElse(null),
                () -> "such a line; printed:\n" + printed());
    }

    private String printed() {
        synchronized (terminal) {
            return terminal.toString(StandardCharsets.UTF_8);
        }
    }

    /** Nothing on any line would act on a terminal, break the line, reorder it or be half a character. */
    static void assertSafe(String output) {
        for (String line : output.split("\r?\n", -1)) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                boolean paired = Character.isHighSurrogate(c) ? i + 1 < line.length()
                        && Character.isLowSurrogate(line.charAt(i + 1))
                        : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(line.charAt(i - 1));
                if (Character.isISOControl(c) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                        || c == '\u200e' || c == '\u200f' || c == '\u061c' || c == '\u2028' || c == '\u2029' || !paired) {
                    fail(String.format("U+%04X raw at %d of: %s", (int) c, i, TerminalText.escape(line)));
                }
            }
        }
    }

    private static byte[] bytes(ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        return copy;
    }
}
