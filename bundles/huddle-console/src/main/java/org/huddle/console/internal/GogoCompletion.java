package org.huddle.console.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandSession;
import org.jline.builtins.Completers.CompletionData;
import org.jline.builtins.Completers.CompletionEnvironment;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion at the {@code g!} prompt from the session's commands, as gogo.jline's own shell completes. */
final class GogoCompletion implements CompletionEnvironment {

    private final CommandSession session;

    GogoCompletion(CommandSession session) {
        this.session = session;
    }

    @Override
    public Map<String, List<CompletionData>> getCompletions() {
        return Shell.getCompletions(session);
    }

    @Override
    public Set<String> getCommands() {
        return Shell.getCommands(session);
    }

    @Override
    public String resolveCommand(String command) {
        return Shell.resolve(session, command);
    }

    @Override
    public String commandName(String command) {
        return command.substring(command.indexOf(':') + 1);
    }

    @Override
    public Object evaluate(LineReader reader, ParsedLine line, String function) throws Exception {
        session.put(Shell.VAR_COMMAND_LINE, line);
        return session.execute(function);
    }
}
