package org.huddle.shell.internal;

import java.io.PrintStream;
import java.lang.reflect.Method;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.osgi.service.component.annotations.Component;

/**
 * Prints messages and notices on the console of the Gogo session that last ran a command.
 *
 * <p>Messages arrive on the engine's dispatch thread, where {@code System.out} is not the session's
 * console, so the console is taken from the session as each command runs. When the session has a
 * line reader ({@code .reader}: the interactive prompt's, or chat mode's while it runs) the line is printed
 * above the prompt and what the user is typing is redrawn below it; the reader is looked up at each line, since
 * chat mode puts its own in place while the command that started it runs. Before any command has run, lines go
 * to {@code System.out}.
 */
@Component(service = { ChatListener.class, CommandSessionListener.class, ConsoleChatListener.class })
public final class ConsoleChatListener implements ChatListener, CommandSessionListener {

    /** Where lines go: a console stream and the session it belongs to (none before the first command). */
    private record Target(PrintStream console, CommandSession session) {
    }

    /** Session variable under which gogo.jline's shell and Huddle's console keep their line reader. */
    static final String READER = ".reader";

    private volatile Target target = new Target(System.out, null);

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        PrintStream console = session.getConsole();
        if (console != null) {
            target = new Target(console, session);
        }
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
    }

    @Override
    public void message(ChatMessage message) {
        Target t = target;
        print(t, t.session() != null && t.session().get(ChatModeCommand.ACTIVE) != null ? LineFormat.forPeople(message)
                : LineFormat.message(message));
    }

    @Override
    public void notice(Notice notice) {
        print(target, LineFormat.notice(notice));
    }

    private void print(Target t, String line) {
        Object reader = t.session() == null ? null : t.session().get(READER);
        if (reader != null && printAbove(reader, line)) {
            return;
        }
        t.console().println(line);
        t.console().flush();
        if (t.console().checkError() && t.console() != System.out) {
            // that session's terminal is gone (closed remote shell): fall back rather than lose messages
            target = new Target(System.out, null);
            System.out.println(line);
        }
    }

    /**
     * jline's {@code LineReader.printAbove}, looked up by reflection: the reader may come from another jline than
     * this bundle's (Karaf's console, gogo.jline's shell), and a session may hold anything under the name.
     */
    private static boolean printAbove(Object reader, String line) {
        try {
            Method m = reader.getClass().getMethod("printAbove", String.class);
            m.invoke(reader, line);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
