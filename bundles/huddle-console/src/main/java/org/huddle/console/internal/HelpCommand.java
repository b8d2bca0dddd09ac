package org.huddle.console.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code help} for people who came to chat: without an argument (or with {@code chat}) it lists the {@code chat:}
 * commands with what each does, not the ~150 commands of the framework and the shell; {@code help chat:join} is
 * the command's own help ({@code chat:join --help}: options and arguments in words, no Java types);
 * {@code help all} and {@code help <other command>} are gogo.command's help, as before.
 *
 * <p>It takes the place of gogo.command's {@code felix:help} by a higher service ranking, which Gogo prefers for
 * one command name; that one is still called for everything but the chat commands.
 */
@Component(service = HelpCommand.class, property = Constants.SERVICE_RANKING + ":Integer=1")
@GogoCommand(scope = "felix", function = "help")
public final class HelpCommand {

    private static final String CHAT = "chat";

    private final BundleContext context;

    @Activate
    public HelpCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list the chat commands, or explain one; 'help all' lists every command of the framework and the shell")
    public Object help(CommandSession session,
            @Descriptor("a command (chat:join, or join), 'chat' for the chat commands, 'all' for every command")
            String... name) throws Exception {
        if (name.length == 0 || name.length == 1 && name[0].equals(CHAT)) {
            return chatCommands();
        }
        if (name.length > 1) {
            return "error: help takes one command: help chat:join";
        }
        String command = name[0].contains(":") ? name[0] : CHAT + ":" + name[0];
        if (command.startsWith(CHAT + ":") && session.get(command) instanceof Function chatCommand) {
            return chatCommand.execute(session, new ArrayList<>(List.of("--help")));
        }
        return name[0].equals("all") ? shellHelp() : shellHelp(name[0]);
    }

    /** @return each chat command with the first sentence of what it does */
    private String chatCommands() throws InvalidSyntaxException {
        Map<String, String> described = new TreeMap<>();
        for (ServiceReference<?> ref : context.getServiceReferences((String) null,
                "(" + CommandProcessor.COMMAND_SCOPE + "=" + CHAT + ")")) {
            Object commands = context.getService(ref);
            try {
                for (String function : functions(ref)) {
                    described.put(CHAT + ":" + function, description(commands, function));
                }
            } finally {
                context.ungetService(ref);
            }
        }
        int width = described.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        lines.add("The chat commands (chat:chat <room> to talk, every line a message):");
        described.forEach((c, d) -> lines.add("  " + c + " ".repeat(width - c.length() + 2) + d));
        lines.add("help <command> explains one (help chat:join); help all lists every command of the framework and shell");
        return lines.toString();
    }

    private static List<String> functions(ServiceReference<?> ref) {
        Object f = ref.getProperty(CommandProcessor.COMMAND_FUNCTION);
        return f instanceof String[] array ? Arrays.asList(array) : f == null ? List.of() : List.of(String.valueOf(f));
    }

    private static String description(Object commands, String function) {
        return Arrays.stream(commands.getClass().getMethods()).filter(m -> m.getName().equals(function))
                .map(m -> m.getAnnotation(Descriptor.class)).filter(d -> d != null).map(Descriptor::value)
                .map(HelpCommand::firstClause).findFirst().orElse("");
    }

    /** The description up to its first colon or semicolon: one line in the list. */
    static String firstClause(String text) {
        int end = text.length();
        for (char c : new char[] { ':', ';' }) {
            int i = text.indexOf(c);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        return text.substring(0, end).strip();
    }

    /** gogo.command's help, found as the other {@code felix:help} (this one outranks it). */
    private Object shellHelp(Object... argument) throws Exception {
        for (ServiceReference<?> ref : context.getServiceReferences((String) null,
                "(&(" + CommandProcessor.COMMAND_SCOPE + "=felix)(" + CommandProcessor.COMMAND_FUNCTION + "=help))")) {
            Object other = context.getService(ref);
            try {
                if (other != null && other != this) {
                    Method help = other.getClass().getMethod("help", argument.length == 0 ? new Class<?>[0]
                            : new Class<?>[] { String.class });
                    return help.invoke(other, argument);
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return "error: the shell's own help is not there (gogo.command)";
    }
}
