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
 * line reader (the interactive gogo.jline shell) the line is printed above the prompt and what the user
 * is typing is redrawn below it; before any command has run, lines go to {@code System.out}.
 */
@Component(service = { ChatListener.class, CommandSessionListener.class })
public final class ConsoleChatListener implements ChatListener, CommandSessionListener {

    /** Where lines go: a console stream and, in interactive shells, the line reader that owns it. */
    private record Target(PrintStream console, Object reader) {
    }

    /** Session variable under which gogo.jline keeps its line reader. */
    private static final String READER = ".reader";

    private volatile Target target = new Target(System.out, null);

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        PrintStream console = session.getConsole();
        if (console != null) {
            target = new Target(console, session.get(READER));
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
        print(LineFormat.message(message));
    }

    @Override
    public void notice(Notice notice) {
        print(LineFormat.notice(notice));
    }

    private void print(String line) {
        Target t = target;
        if (t.reader() != null && printAbove(t.reader(), line)) {
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
     * jline's {@code LineReader.printAbove}, looked up by reflection so that the shell needs jline only
     * when the interactive shell is there at all.
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
