package org.huddle.shell.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.huddle.api.ChatException;
import org.huddle.api.ChatService;
import org.huddle.api.TerminalText;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;

/**
 * What one line typed in chat mode does. A line that does not start with {@code /} is said, exactly as typed, in
 * the mode's room. {@code //text} says {@code /text}. {@code /name args} runs the command {@code chat:name} with
 * the words of {@code args} (quotes group words, nothing else is interpreted), with a few names of IRC's.
 *
 * <p>The mode keeps a room of its own: the one it started in, or joined last with {@code /join}. A command run from
 * another front end never moves it.
 */
final class ChatMode {

    /** IRC's names for what Huddle calls otherwise. */
    private static final Map<String, String> ALIASES = Map.of("who", "peers", "names", "peers", "part", "leave");

    /** Commands that make no sense inside chat mode, with what to do instead. */
    private static final Map<String, String> REFUSED = Map.of("chat", "you are in chat mode already",
            "say", "type the text without a command to say it");

    static final String HELP = String.join(System.lineSeparator(),
            "Chat mode: every line you type is said in the current room, exactly as typed.",
            "  /join [--passphrase S] <room>  join a room (or switch to a joined one) and talk there",
            "  /leave [<room>]                leave a room (/part)",
            "  /nick <handle>                 change your handle",
            "  /me <action>                   say an action: * you <action>",
            "  /rooms  /peers (/who)          joined rooms; who is on the network",
            "  /history [<n>]                 the latest messages of this room",
            "  /<command> ...                 any other chat: command, e.g. /stats, /ping, /diagnose",
            "  //text                         say a line that starts with /",
            "  /quit or Ctrl-D                leave chat mode (Ctrl-C clears the line)");

    /** What a line did: text to print (or {@code null}), and whether chat mode ends. */
    record Outcome(String shown, boolean quit) {
        static Outcome show(String text) {
            return new Outcome(text, false);
        }
    }

    private final ChatService chat;
    private final CommandSession session;
    private final DefaultParser words = new DefaultParser();
    private volatile String room;

    ChatMode(ChatService chat, CommandSession session, String room) {
        this.chat = chat;
        this.session = session;
        this.room = room;
    }

    /** @return the mode's room, or {@code null} before one is joined */
    String room() {
        return room;
    }

    Outcome line(String line) {
        if (line.isEmpty()) {
            return Outcome.show(null);
        }
        if (!line.startsWith("/") || line.startsWith("//")) {
            return Outcome.show(say(line.startsWith("//") ? line.substring(1) : line));
        }
        List<String> args = words(line.substring(1));
        if (args.isEmpty()) {
            return Outcome.show("error: a / alone is no command: /help lists them, //text says text");
        }
        String name = args.remove(0).toLowerCase(Locale.ROOT);
        name = ALIASES.getOrDefault(name, name);
        switch (name) {
            case "quit", "exit" -> {
                return new Outcome(null, true);
            }
            case "help" -> {
                return Outcome.show(HELP);
            }
            case "me" -> {
                return Outcome.show(args.isEmpty() ? "error: /me <action>, e.g. /me waves"
                        : say(LineFormat.ACTION + line.substring(LineFormat.ACTION.length()).strip()));
            }
            case "history" -> {
                if (room != null && (args.isEmpty() || args.get(0).chars().allMatch(Character::isDigit))) {
                    args.add(0, room);
                }
            }
            default -> {
                if (REFUSED.containsKey(name)) {
                    return Outcome.show("error: /" + name + ": " + REFUSED.get(name));
                }
            }
        }
        String shown = command(name, args);
        if (name.equals("join") || name.equals("leave")) {
            follow(name);
        }
        return Outcome.show(shown);
    }

    private String say(String text) {
        String r = room;
        if (r == null) {
            return "error: not in a room: /join <room> first";
        }
        try {
            chat.say(r, text);
            return null;
        } catch (ChatException e) {
            return "error: " + TerminalText.escape(e.getMessage());
        }
    }

    /** After {@code /join} the joined room is the mode's; after {@code /leave} of it, the engine's current one. */
    private void follow(String name) {
        Optional<String> current = chat.currentRoom();
        if (name.equals("join") || room == null || chat.rooms().stream().noneMatch(r -> r.name().equals(room))) {
            room = current.orElse(null);
        }
    }

    private String command(String name, List<String> args) {
        Object found = session.get("chat:" + name);
        if (!(found instanceof Function function)) {
            return "error: no command /" + TerminalText.escape(name) + ": /help lists them, //"
                    + TerminalText.escape(name) + " says it as text";
        }
        try {
            Object result = function.execute(session, new ArrayList<>(args));
            return result == null ? null : String.valueOf(session.format(result, Converter.INSPECT));
        } catch (Exception e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage() == null ? "the command failed" : cause.getMessage();
            return "error: " + TerminalText.escape(message.lines().findFirst().orElse(message));
        }
    }

    /** The words of a command's arguments: quotes group words and are taken off, a backslash escapes. */
    private List<String> words(String text) {
        ParsedLine parsed = words.parse(text, text.length(), ParseContext.SPLIT_LINE);
        List<String> list = new ArrayList<>();
        parsed.words().stream().filter(w -> !w.isEmpty()).forEach(list::add);
        return list;
    }
}
