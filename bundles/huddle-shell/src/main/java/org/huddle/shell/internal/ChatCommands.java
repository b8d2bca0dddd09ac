package org.huddle.shell.internal;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.huddle.api.ChatException;
import org.huddle.api.TerminalText;
import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.api.ChatStats;
import org.huddle.api.JoinOptions;
import org.huddle.api.Names;
import org.huddle.api.RoomInfo;
import org.huddle.api.Wire;
import org.huddle.api.transport.TransportStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code chat:} commands. Each returns the text to show, or {@code null} when there is nothing to
 * add; anything the user got wrong comes back as one line starting {@code error: }, never as an exception.
 *
 * <p>Arguments are taken as strings and checked here, so that a wrong count or a non-number gets an
 * {@code error:} line that says what to type instead of Gogo's "Cannot coerce" message.
 */
@Component(service = ChatCommands.class)
@GogoCommand(scope = "chat", function = { "nick", "join", "say", "room", "rooms", "leave", "history", "stats" })
public final class ChatCommands {

    static final int DEFAULT_HISTORY = 20;

    /** How the engine marks an encrypted room's channel for people; chat:rooms says it in a column of its own. */
    private static final String ENCRYPTED_SUFFIX = " (encrypted)";

    private final ChatService chat;

    @Activate
    public ChatCommands(@Reference ChatService chat) {
        this.chat = chat;
    }

    @Descriptor("show or change your handle, the name others see on your messages")
    public String nick(@Descriptor("the new handle (1 to 32 characters); none shows the current one") String... handle) {
        return run("nick", handle, () -> {
            if (handle.length == 0) {
                return "you are " + TerminalText.escape(chat.handle());
            }
            chat.handle(String.join(" ", handle));
            return "you are now " + TerminalText.escape(chat.handle());
        });
    }

    @Descriptor("join a room (or switch to it if joined) and make it the current room")
    public String join(
            @Descriptor("wire format: huddle (default) or backchannel, to talk to backchannel clients on 224.6.8.11:6811")
            @Parameter(names = "--wire", absentValue = "huddle") String wire,
            @Descriptor("multicast group(s), IPv4 or IPv6, comma-separated (default: the transport's groups, or the wire's)")
            @Parameter(names = "--group", absentValue = "") String group,
            @Descriptor("UDP port (default: the transport's port, or the wire's)")
            @Parameter(names = "--port", absentValue = "0") String port,
            @Descriptor("encrypt the room with a key derived from this passphrase (and the room's name): only those "
                    + "who join with the same passphrase read and write there (default: an open room)")
            @Parameter(names = "--passphrase", absentValue = "") String passphrase,
            @Descriptor("the room: " + Names.ROOM_RULE) String... room) {
        return run("join", room, () -> {
            String name = CommandRun.exactlyOne(room,
                    "chat:join [--wire huddle|backchannel] [--group G] [--port P] [--passphrase S] <room>");
            Wire w = Wire.of(wire).orElseThrow(() -> new ChatException("unknown wire '" + wire
                    + "': use huddle or backchannel"));
            List<String> groups = group.isBlank() ? List.of() : List.of(group);
            int p = port.equals("0") ? 0 : CommandRun.number(port, "port", 1, 65535);
            RoomInfo info = chat.join(name, new JoinOptions(w, groups, p, passphrase));
            String shown = TerminalText.escape(info.name());
            return "joined " + shown + " on " + TerminalText.escape(info.channel()) + System.lineSeparator()
                    + (info.encrypted() ? shown + " is encrypted: only those who know its passphrase can read or write here"
                    : shown + " is open: anyone on this network can read and write here"
                            + (w == Wire.HUDDLE ? " (chat:join --passphrase <secret> <room> makes an encrypted one)" : ""));
        });
    }

    @Descriptor("say something in the current room")
    public String say(@Descriptor("the text; words are joined with single spaces (quote to keep spacing)") String... text) {
        return run("say", text, () -> {
            if (text.length == 0) {
                throw new ChatException("nothing to say: chat:say <text>");
            }
            chat.say(String.join(" ", text));
            return null;
        });
    }

    @Descriptor("show the current room, or make another joined room current")
    public String room(@Descriptor("a joined room; none shows the current one") String... room) {
        return run("room", room, () -> {
            if (room.length == 0) {
                return TerminalText.escape(chat.currentRoom().orElseThrow(
                        () -> new ChatException("not in a room: join one with chat:join <room>")));
            }
            return "current room is now "
                    + TerminalText.escape(chat.select(CommandRun.exactlyOne(room, "chat:room [<room>]")).name());
        });
    }

    @Descriptor("list the joined rooms; * marks the current one")
    public String rooms(@Descriptor("takes no arguments (--help shows this help)") String... args) {
        return run("rooms", args, () -> {
            CommandRun.noArguments(args, "chat:rooms");
            List<RoomInfo> rooms = chat.rooms();
            if (rooms.isEmpty()) {
                return "no rooms joined; join one with chat:join <room>";
            }
            // columns: name, channel (its "(encrypted)" said once, in the last column), messages, open or encrypted
            List<String[]> rows = rooms.stream().map(r -> new String[] { (r.current() ? "* " : "  ")
                    + TerminalText.escape(r.name()), TerminalText.escape(r.channel().replace(ENCRYPTED_SUFFIX, "")),
                    r.messages() + (r.messages() == 1 ? " message" : " messages"), r.encrypted() ? "encrypted" : "open" })
                    .toList();
            return Columns.of(rows);
        });
    }

    @Descriptor("leave a room")
    public String leave(@Descriptor("the room to leave; none leaves the current one") String... room) {
        return run("leave", room, () -> {
            String name = room.length == 0 ? currentOrFail() : CommandRun.exactlyOne(room, "chat:leave [<room>]");
            chat.leave(name);
            return "left " + TerminalText.escape(name)
                    + chat.currentRoom().map(c -> "; current room is " + TerminalText.escape(c)).orElse("");
        });
    }

    @Descriptor("show the latest messages of a room, oldest first")
    public String history(@Descriptor("[<room>] [<n>]: a joined room (default: the current one) and how many "
            + "messages (default " + DEFAULT_HISTORY + ")") String... args) {
        return run("history", args, () -> {
            if (args.length > 2) {
                throw new ChatException("too many arguments: chat:history [<room>] [<n>]");
            }
            String room = null;
            int n = DEFAULT_HISTORY;
            if (args.length == 2) {
                room = args[0];
                n = count(args[1]);
            } else if (args.length == 1) {
                if (args[0].chars().allMatch(Character::isDigit) || args[0].startsWith("-")) {
                    n = count(args[0]);
                } else {
                    room = args[0];
                }
            }
            List<ChatMessage> messages = chat.history(room == null ? currentOrFail() : room, n);
            if (messages.isEmpty()) {
                return "no messages yet";
            }
            StringJoiner lines = new StringJoiner(System.lineSeparator());
            messages.forEach(m -> lines.add(LineFormat.history(m)));
            return lines.toString();
        });
    }

    @Descriptor("show counters: messages sent and received, drops by reason, repair and history sync, transport traffic")
    public String stats(@Descriptor("takes no arguments (--help shows this help)") String... args) {
        return run("stats", args, () -> {
            CommandRun.noArguments(args, "chat:stats");
            ChatStats s = chat.stats();
            StringJoiner lines = new StringJoiner(System.lineSeparator());
            lines.add("messages.sent " + s.sent());
            lines.add("messages.delivered " + s.delivered());
            lines.add("datagrams.received " + s.received());
            lines.add("datagrams.own " + s.own());
            lines.add("datagrams.other-rooms " + s.otherRooms());
            lines.add("datagrams.duplicate " + s.duplicates());
            for (Map.Entry<String, Long> drop : s.dropped().entrySet()) {
                lines.add("dropped." + drop.getKey() + " " + drop.getValue());
            }
            s.delivery().forEach((name, count) -> lines.add("delivery." + name + " " + count));
            if (s.transports().isEmpty()) {
                lines.add("transport (none bound)");
            }
            for (TransportStats t : s.transports()) {
                String p = "transport." + t.name() + ".";
                lines.add(p + "description " + t.description());
                lines.add(p + "datagrams.sent " + t.datagramsSent());
                lines.add(p + "bytes.sent " + t.bytesSent());
                lines.add(p + "datagrams.received " + t.datagramsReceived());
                lines.add(p + "bytes.received " + t.bytesReceived());
                t.dropped().forEach((why, count) -> lines.add(p + "dropped." + why + " " + count));
                lines.add(p + "errors.send " + t.sendErrors());
                lines.add(p + "errors.receive " + t.receiveErrors());
            }
            return lines.toString();
        });
    }

    private String currentOrFail() {
        return chat.currentRoom().orElseThrow(() -> new ChatException("not in a room: join one with chat:join <room>"));
    }

    private static int count(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the same message
        }
        throw new ChatException("'" + text + "' is not a number of messages: give a whole number of at least 1");
    }

    private static String run(String command, String[] args, CommandRun.Body body) {
        return CommandRun.run(ChatCommands.class, command, args, body);
    }
}
