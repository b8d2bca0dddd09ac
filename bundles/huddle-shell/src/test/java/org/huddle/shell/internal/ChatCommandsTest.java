package org.huddle.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.ChatEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The commands' argument handling, against the real engine (with no transport bound, so nothing is
 * sent anywhere).
 */
class ChatCommandsTest {

    private final ChatEngine engine = new ChatEngine("alice", 10,
            new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec()), (m, t) -> { });
    private final NetworkCommands network = new NetworkCommands(engine);
    private final ChatCommands chat = new ChatCommands(engine);

    @AfterEach
    void stop() {
        engine.deactivate();
    }

    /** chat:join as Gogo calls it when no option is given. */
    private String join(String... room) {
        return chat.join("huddle", "", "0", "", room);
    }

    private static void assertError(String output, String mentions) {
        assertTrue(output.startsWith("error: "), output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.contains(mentions), output);
    }

    @Test
    void nickShowsAndChangesTheHandle() {
        assertEquals("you are alice", chat.nick());
        assertEquals("you are now Alice Smith", chat.nick("Alice", "Smith"));
        assertError(chat.nick("x".repeat(40)), "1 to 32");
    }

    @Test
    void joinTakesExactlyOneValidRoom() {
        assertEquals("joined lobby on (no transport)", join("lobby").lines().findFirst().orElseThrow());
        assertTrue(join("lobby").endsWith("lobby is open: anyone on this network can read and write here "
                + "(chat:join --passphrase <secret> <room> makes an encrypted one)"), join("lobby"));
        assertError(join(), "missing argument: chat:join [--wire");
        assertError(join("a", "b"), "too many");
        assertError(join("--bogus", "x"), "unknown option --bogus: chat:join [--wire");
        assertError(join("bad/room"), "invalid room name");
    }

    @Test
    void sayNeedsARoomAndText() {
        assertError(chat.say("hello"), "join one first");
        join("lobby");
        assertError(chat.say(), "nothing to say");
        assertError(chat.say("hello"), "no transport");
    }

    @Test
    void roomShowsOrSwitchesTheCurrentRoom() {
        assertError(chat.room(), "not in a room");
        join("a");
        join("b");
        assertEquals("b", chat.room());
        assertEquals("current room is now a", chat.room("a"));
        assertError(chat.room("c"), "not in room 'c'");
    }

    @Test
    void roomsListsJoinedRoomsAndMarksTheCurrentOne() {
        assertTrue(chat.rooms().startsWith("no rooms joined"));
        join("a");
        join("b");
        String[] lines = chat.rooms().split(System.lineSeparator());
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("  a "), lines[0]);
        assertTrue(lines[1].startsWith("* b "), lines[1]);

        chat.join("huddle", "", "0", "four random words here", "plans-for-2027");
        lines = chat.rooms().split(System.lineSeparator());
        assertEquals("  a               (no transport)  0 messages  open", lines[0]);
        assertEquals("* plans-for-2027  (no transport)  0 messages  encrypted", lines[2]);
    }

    @Test
    void leaveDefaultsToTheCurrentRoom() {
        assertError(chat.leave(), "not in a room");
        join("a");
        join("b");
        assertEquals("left b; current room is a", chat.leave());
        assertEquals("left a", chat.leave("a"));
        assertError(chat.leave("a"), "not in room 'a'");
    }

    @Test
    void historyTakesAnOptionalRoomAndCount() {
        assertError(chat.history(), "not in a room");
        join("lobby");
        assertEquals("no messages yet", chat.history());
        assertEquals("no messages yet", chat.history("5"));
        assertEquals("no messages yet", chat.history("lobby", "5"));
        assertError(chat.history("lobby", "many"), "not a number");
        assertError(chat.history("0"), "at least 1");
        assertError(chat.history("-3"), "at least 1");
        assertError(chat.history("elsewhere"), "not in room 'elsewhere'");
        assertError(chat.history("a", "1", "x"), "too many");
    }

    @Test
    void statsListsEveryCounterOnItsOwnLine() {
        String stats = chat.stats();
        assertTrue(stats.contains("messages.sent 0"), stats);
        for (String reason : List.of("not-json", "too-deep", "too-long", "bad-utf8", "bad-seal", "replayed")) {
            assertTrue(stats.contains("dropped." + reason + " 0"), stats);
        }
        assertTrue(stats.contains("transport (none bound)"), stats);
    }

    @Test
    void dashDashHelpShowsUsageInsteadOfActing() {
        // Karaf's `help chat:say` runs `chat:say --help`: it must not be said, taken as a handle or a room.
        String say = chat.say("--help");
        assertTrue(say.startsWith("chat:say - say something in the current room"), say);
        assertTrue(chat.nick("-h").startsWith("chat:nick - "));
        assertEquals("you are alice", chat.nick());
        assertTrue(join("--help").contains("1 to 64 ASCII letters"));
        assertTrue(chat.rooms().startsWith("no rooms joined"));
        for (String help : new String[] { chat.room("--help"), chat.rooms("--help"), chat.leave("--help"),
                chat.history("--help"), chat.stats("--help") }) {
            assertTrue(help.startsWith("chat:"), help);
        }
        assertError(chat.rooms("x"), "takes none");
        assertError(chat.stats("x"), "takes none");
    }

    @Test
    void errorsShowHostileInputEscaped() {
        String out = join("\u001b[2J");
        assertError(out, "\\u001b[2J");
        String nick = chat.nick("evil\u001b]0;pwned\u0007");
        assertError(nick, "\\u001b]0;pwned\\u0007");
        assertTrue(nick.chars().noneMatch(Character::isISOControl), nick);
    }

    @Test
    void joinChecksItsOptions() {
        assertError(chat.join("smoke-signals", "", "0", "", "r"), "unknown wire 'smoke-signals'");
        assertError(chat.join("huddle", "", "70000", "", "r"), "port");
        assertError(chat.join("huddle", "not-an-address", "7450", "", "r"), "not an IP address");
        assertError(chat.join("huddle", "10.0.0.1", "7450", "", "r"), "not a multicast address");
        assertError(chat.join("huddle", "224.6.8.11", "6811", "", "r"), "--wire backchannel");
        assertEquals("joined bc on (no transport)\nbc is open: anyone on this network can read and write here",
                chat.join("backchannel", "", "0", "", "bc").replace(System.lineSeparator(), "\n"));
        assertError(chat.join("backchannel", "", "0", "secret", "bc3"), "cannot be encrypted");
        assertError(chat.join("backchannel", "", "0", "", "bc2"), "already on that channel");
    }

    @Test
    void networkCommandsCheckTheirArguments() {
        assertError(network.beacon("maybe"), "neither on nor off");
        assertEquals("beacon is off", network.beacon());
        assertError(network.beacon("on"), "no transport");
        assertError(network.peers("x"), "takes none");
        assertTrue(network.peers().startsWith("nobody heard yet"));
        assertError(network.diagnose("abc"), "timeout");
        assertError(network.diagnose("1000"), "no transport");
        assertError(network.ping(null, "", "0", "0"), "timeout");
        assertError(network.ping(null, "", "0", "1000"), "no transport");
        assertTrue(network.ping(null, "", "0", "1000", "--help").contains("--group <value>"));
    }
}
