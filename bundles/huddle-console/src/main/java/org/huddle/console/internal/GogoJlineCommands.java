package org.huddle.console.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.apache.felix.gogo.jline.Builtin;
import org.apache.felix.gogo.jline.Converters;
import org.apache.felix.gogo.jline.Posix;
import org.apache.felix.gogo.jline.Procedural;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers the commands and converters of gogo.jline ({@code ls}, {@code grep}, {@code less}, {@code each},
 * {@code source}, the bundle converters that {@code stop 0} needs, ...), as its activator would.
 *
 * <p>The distribution installs gogo.jline without starting it: its activator opens the system terminal and runs
 * an interactive loop that treats any line its parser rejects as the end of input and stops the framework
 * (jline's {@code LineReaderImpl.acceptLine} swallows the parser's {@code SyntaxError} and leaves no parsed line;
 * gogo.jline's {@code Shell.runShell} reads that as end of file). {@link TerminalConsole} owns the terminal
 * instead, so the classes of gogo.jline are used here and its activator never runs.
 */
@Component(immediate = true)
public final class GogoJlineCommands {

    /** The functions gogo.jline 1.1.8 registers for each class (its own lists are package-private). */
    static final String[] BUILTIN = { "format", "getopt", "new", "set", "tac", "type", "jobs", "fg", "bg", "keymap",
            "setopt", "unsetopt", "complete", "history", "widget", "__files", "__directories", "__usage_completion" };
    static final String[] PROCEDURAL = { "each", "if", "not", "throw", "try", "until", "while", "break", "continue" };
    static final String[] POSIX = { "cat", "echo", "grep", "sort", "sleep", "cd", "pwd", "ls", "less", "watch", "nano",
            "tmux", "head", "tail", "clear", "wc", "date", "ttop" };
    /** Not gogo.jline's {@code help}: gogo.command's lists commands with their descriptions. */
    static final String[] SHELL = { "gosh", "sh", "source" };

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public GogoJlineCommands(BundleContext context, @Reference CommandProcessor processor) {
        registrations.add(context.registerService(Converter.class, new Converters(context.getBundle(0).getBundleContext()),
                null));
        register(context, Builtin.class, new Builtin(), BUILTIN);
        register(context, Procedural.class, new Procedural(), PROCEDURAL);
        register(context, Posix.class, new Posix(processor), POSIX);
        register(context, Shell.class, new Shell(new FrameworkContext(context), processor), SHELL);
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    private <T> void register(BundleContext context, Class<T> type, T commands, String[] functions) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(CommandProcessor.COMMAND_SCOPE, "gogo");
        properties.put(CommandProcessor.COMMAND_FUNCTION, functions);
        registrations.add(context.registerService(type, commands, properties));
    }

    /** What gogo.jline's {@code gosh} asks of its host: framework properties, and how to end the framework. */
    private record FrameworkContext(BundleContext context) implements Shell.Context {

        @Override
        public String getProperty(String name) {
            return context.getProperty(name);
        }

        @Override
        public void exit() throws Exception {
            context.getBundle(0).stop();
        }
    }
}
