package org.huddle.shell.internal;

import java.io.IOError;
import java.io.PrintStream;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.huddle.api.ChatException;
import org.huddle.api.ChatService;
import org.huddle.api.RoomInfo;
import org.huddle.api.TerminalText;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code chat:chat}: chat mode, as IRC clients have it. On a terminal (the session's jline terminal: Huddle's
 * console and gogo.jline keep it as {@code .terminal}, Karaf as {@code .jline.terminal}) it reads lines with its
 * own jline line reader, whose prompt names the room and the handle; elsewhere (a pipe) it reads plain lines from
 * the session's input, with no prompt. {@link ChatMode} says what each line does.
 *
 * <p>Threads: the command's own (the console's) reads and runs each line; incoming lines are printed above the
 * prompt by {@link ConsoleChatListener} on the engine's dispatch thread, through the reader this command puts in
 * the session while it runs.
 */
@Component(service = ChatModeCommand.class)
@GogoCommand(scope = "chat", function = { "chat" })
public final class ChatModeCommand {

    /** Session variable present while chat mode runs in the session: incoming lines are then shown for people. */
    static final String ACTIVE = ".huddle.chatMode";

    private static final String[] TERMINALS = { ".terminal", ".jline.terminal" };

    /** Where Huddle's pipe console offers the lines that follow a command (see huddle-console's PipedConsole). */
    static final String LINES = ".huddle.lines";

    private final ChatService chat;

    @Activate
    public ChatModeCommand(@Reference ChatService chat) {
        this.chat = chat;
    }

    @Descriptor("chat mode: every line you type is said in the room as typed, /commands do the rest (/help lists "
            + "them), /quit or Ctrl-D comes back here")
    public String chat(CommandSession session,
            @Descriptor("the room to talk in, joined if need be (default: the current room)") String... room) {
        return CommandRun.run(ChatModeCommand.class, "chat", room, () -> {
            String name = room.length == 0 ? chat.currentRoom().orElse(null)
                    : join(CommandRun.exactlyOne(room, "chat:chat [<room>]"));
            ChatMode mode = new ChatMode(chat, session, name);
            Object previousReader = session.get(ConsoleChatListener.READER);
            session.put(ACTIVE, Boolean.TRUE);
            try {
                Terminal terminal = terminal(session);
                if (terminal != null) {
                    onTerminal(terminal, session, mode);
                } else {
                    onPlainInput(session, mode);
                }
            } finally {
                session.put(ACTIVE, null);
                session.put(ConsoleChatListener.READER, previousReader);
            }
            return null;
        });
    }

    private String join(String name) {
        RoomInfo info = chat.join(name);
        return info.name();
    }

    private void onTerminal(Terminal terminal, CommandSession session, ChatMode mode) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("huddle-chat")
                .parser(new DefaultParser())
                .completer(new ChatCompleter(chat))
                // text is text: "!" recalls no history, and the typed line gives way to the message as others see it
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        session.put(ConsoleChatListener.READER, reader);
        terminal.writer().println(intro(mode));
        terminal.flush();
        // Ctrl-C between two lines (while a message goes out) would interrupt this command and end chat mode: here
        // it only ever clears a line (the reader handles it while it reads, and restores this after each line)
        Terminal.SignalHandler console = terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_IGN);
        try {
            read(reader, mode);
        } finally {
            terminal.handle(Terminal.Signal.INT, console);
        }
    }

    private void read(LineReader reader, ChatMode mode) {
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt(mode));
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException | IOError e) {
                return;
            }
            ChatMode.Outcome outcome = mode.line(line);
            if (outcome.shown() != null) {
                reader.printAbove(outcome.shown());
            }
            if (outcome.quit()) {
                return;
            }
        }
    }

    /**
     * Without a terminal: the lines that follow, from the console that reads them ({@value #LINES}: a
     * {@code Callable<String>}, {@code null} at the end), with no prompt.
     */
    private static void onPlainInput(CommandSession session, ChatMode mode) {
        if (!(session.get(LINES) instanceof Callable<?> lines)) {
            throw new ChatException("chat mode needs a terminal, or the input of Huddle's console");
        }
        PrintStream out = session.getConsole();
        Object line;
        while ((line = next(lines)) != null) {
            ChatMode.Outcome outcome = mode.line(line.toString());
            if (outcome.shown() != null) {
                out.println(outcome.shown());
                out.flush();
            }
            if (outcome.quit()) {
                return;
            }
        }
    }

    private static Object next(Callable<?> lines) {
        try {
            return lines.call();
        } catch (Exception e) {
            throw new ChatException("the input can no longer be read: " + e.getMessage());
        }
    }

    private String prompt(ChatMode mode) {
        String room = mode.room();
        return "[" + (room == null ? "no room" : TerminalText.escape(room)) + "] " + TerminalText.escape(chat.handle())
                + "> ";
    }

    private static String intro(ChatMode mode) {
        return "*** chat mode" + (mode.room() == null ? ": join a room with /join <room>" : " in "
                + TerminalText.escape(mode.room())) + "; /help lists the commands, /quit or Ctrl-D leaves";
    }

    private static Terminal terminal(CommandSession session) {
        for (String name : TERMINALS) {
            if (session.get(name) instanceof Terminal t && !t.getType().startsWith(Terminal.TYPE_DUMB)) {
                return t;
            }
        }
        return null;
    }
}
