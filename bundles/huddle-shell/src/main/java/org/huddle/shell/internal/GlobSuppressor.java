package org.huddle.shell.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps chat text literal. Gogo expands unquoted {@code *}, {@code ?} and {@code [..]} into file names
 * of the session's current directory, so {@code chat:say how are you?} would fail with "no matches
 * found", and {@code chat:say what*} would send the names of local files to the room. No chat command
 * takes a file name, so while a command line that starts with {@code chat:} runs, its session has no
 * current directory, which is Gogo's own switch for leaving such words alone.
 */
@Component(service = CommandSessionListener.class)
public final class GlobSuppressor implements CommandSessionListener {

    private static final String SCOPE = "chat:";

    /** The directory each session had before its chat command line, to put back afterwards. */
    private final Map<CommandSession, Path> saved = new ConcurrentHashMap<>();

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        Path dir = session.currentDir();
        if (dir != null && command.toString().stripLeading().startsWith(SCOPE)) {
            saved.put(session, dir);
            session.currentDir(null);
        }
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        restore(session);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        restore(session);
    }

    private void restore(CommandSession session) {
        Path dir = saved.remove(session);
        if (dir != null) {
            session.currentDir(dir);
        }
    }
}
