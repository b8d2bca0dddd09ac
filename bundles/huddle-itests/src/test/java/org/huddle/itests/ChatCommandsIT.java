package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.huddle.api.ChatService;
import org.huddle.api.RoomInfo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The {@code chat:} commands as a console user runs them, through Gogo's {@link CommandProcessor}: each
 * command does what it says, and every mistake gets one {@code error:} line instead of an exception.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChatCommandsIT extends HuddleTestSupport {

    @Inject
    private CommandProcessor processor;

    @Inject
    private ChatService chat;

    private GogoSession gogo;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void freshSession() {
        // The container is shared by the methods of this class: start each from no rooms and the
        // configured handle, whatever ran before.
        chat.rooms().forEach(r -> chat.leave(r.name()));
        chat.handle(HANDLE);
        // The commands are registered by the shell's DS component, which may come up after injection.
        gogo = new GogoSession(processor);
        Await.until(TIMEOUT, () -> gogo.run("chat:rooms").exception() == null, "the chat: commands");
    }

    @After
    public void closeSession() {
        gogo.close();
    }

    @Test
    public void nickChangesTheHandle() {
        GogoSession.Result result = ok("chat:nick carol");
        assertEquals("carol", chat.handle());
        assertTrue(result.text(), result.text().contains("carol"));
        assertTrue(ok("chat:nick").text().contains("carol"));
    }

    @Test
    public void joinSayHistoryLeave() {
        GogoSession.Result joined = ok("chat:join lobby");
        assertTrue(joined.text(), joined.text().contains("lobby"));
        assertEquals(Optional.of("lobby"), chat.currentRoom());

        ok("chat:say hello   there");
        // words are joined with single spaces, as the command's help says
        Await.until(TIMEOUT, () -> chat.history("lobby", 10).stream().anyMatch(m -> m.content().equals("hello there")),
                "'hello there' in the history of lobby");

        GogoSession.Result history = ok("chat:history lobby 5");
        assertTrue(history.text(), history.text().contains("hello there"));
        assertTrue(ok("chat:history").text().contains("hello there"));

        GogoSession.Result left = ok("chat:leave lobby");
        assertTrue(left.text(), left.text().contains("lobby"));
        assertTrue(chat.rooms().isEmpty());
        assertEquals(Optional.empty(), chat.currentRoom());
    }

    @Test
    public void roomsAndRoomSwitchTheCurrentRoom() {
        ok("chat:join lobby");
        ok("chat:join kitchen");
        assertEquals(Optional.of("kitchen"), chat.currentRoom());

        GogoSession.Result rooms = ok("chat:rooms");
        assertTrue(rooms.text(), rooms.text().contains("lobby") && rooms.text().contains("kitchen"));

        ok("chat:room lobby");
        assertEquals(Optional.of("lobby"), chat.currentRoom());
        assertTrue(ok("chat:room").text().contains("lobby"));

        // chat:leave with no room leaves the current one
        ok("chat:leave");
        assertEquals(List.of("kitchen"), chat.rooms().stream().map(RoomInfo::name).toList());
    }

    @Test
    public void statsShowsCountersAndDropReasons() {
        GogoSession.Result stats = ok("chat:stats");
        assertFalse(stats.text(), stats.text().isBlank());
        assertTrue(stats.text(), stats.text().contains("not-json"));
    }

    @Test
    public void helpForJoinDescribesTheRoomParameter() {
        GogoSession.Result help = ok("help chat:join");
        String text = help.text();
        int parameters = text.indexOf("parameters:");
        assertTrue("help lists parameters:\n" + text, parameters >= 0);
        assertTrue("the parameter's description mentions the room:\n" + text,
                text.substring(parameters).toLowerCase().contains("room"));
    }

    @Test
    public void sayBeforeJoiningIsOneErrorLine() {
        oneErrorLine("chat:say hello");
    }

    @Test
    public void invalidRoomNamesAreOneErrorLine() {
        oneErrorLine("chat:join bad/room");
        oneErrorLine("chat:join " + "x".repeat(ChatService.MAX_ROOM_LENGTH + 1));
        assertTrue(chat.rooms().isEmpty());
    }

    @Test
    public void historyWithANonNumberIsOneErrorLine() {
        ok("chat:join lobby");
        oneErrorLine("chat:history lobby notanumber");
    }

    @Test
    public void unknownRoomsAreOneErrorLine() {
        ok("chat:join lobby");
        oneErrorLine("chat:room nowhere");
        oneErrorLine("chat:leave nowhere");
        oneErrorLine("chat:history nowhere 5");
        assertEquals(Optional.of("lobby"), chat.currentRoom());
    }

    @Test
    public void transportListsAndRefusesWhatItCannotDoInOneLine() {
        GogoSession.Result listed = ok("chat:transport");
        assertEquals(listed.toString(), List.of("* default  multicast  ranking 0  in use"), listed.lines());
        oneErrorLine("chat:transport carrier-pigeon");
        oneErrorLine("chat:transport --hosts 10.0.0.1");
        oneErrorLine("chat:transport multicast --port 7800");
        oneErrorLine("chat:transport jgroups --hosts 10.0.0.1 --port 99999");
        // no hosts and no JGroups configuration yet: nothing to find the others by
        oneErrorLine("chat:transport jgroups");
        oneErrorLine("chat:transport jgroups multicast");
        oneErrorLine("chat:transport jgroups --hosts 10.0.0.1 --secret-file /nonexistent/secret");
        GogoSession.Result help = gogo.run("chat:transport --help");
        assertTrue(help.toString(), help.text().contains("--hosts") && help.text().contains("--gossip"));
    }

    private GogoSession.Result ok(String command) {
        GogoSession.Result result = gogo.run(command);
        assertNull("no exception from " + result, result.exception());
        assertTrue("no error from " + result, result.ok());
        return result;
    }

    private void oneErrorLine(String command) {
        GogoSession.Result result = gogo.run(command);
        assertNull("no exception from " + result, result.exception());
        // The shell's console listener may print a message or notice line ("[room] ...", "*** ...") on
        // this session at any time; those are not the command's output.
        List<String> lines = result.lines().stream()
                .filter(l -> !l.startsWith("[") && !l.startsWith("*** "))
                .toList();
        assertEquals("exactly one line from " + result, 1, lines.size());
        assertTrue("the line starts with 'error: ' in " + result, lines.get(0).startsWith("error: "));
    }
}
