package org.huddle.console.internal;

import java.io.IOError;
import java.io.IOException;
import java.util.HashMap;

import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;
import org.jline.builtins.Completers;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The interactive console: the {@code g!} prompt on the process's terminal, when the framework property
 * {@code huddle.console} is {@code terminal} (the launcher sets it when stdin is a terminal).
 *
 * <p>No line typed here stops the node but {@code exit}, {@code shutdown}, {@code stop 0} and Ctrl-D: jline's
 * parser is asked for words only (it never opens a continuation or rejects a line), Gogo parses the line when it
 * runs, and whatever a line throws becomes one {@code error:} line ({@link CommandLine}). {@code chat:say} takes
 * the rest of its line as typed. Ctrl-C clears the line being typed, or interrupts the command that runs.
 *
 * <p>Threads: one thread, {@code huddle-console}, reads lines and runs each command on itself; the engine's
 * dispatch thread prints incoming lines above the prompt through the session's line reader ({@code .reader},
 * as gogo.jline's shell keeps it). Deactivation closes the terminal, which restores its settings and ends the read.
 */
@Component(immediate = true)
public final class TerminalConsole {

    private static final String PROMPT = "g! ";

    private final BundleContext context;
    private final CommandProcessor processor;
    private final Readiness readiness;
    private final Logger log;
    private final String chatRoom;
    private volatile Terminal terminal;
    private volatile boolean stopped;

    @Activate
    public TerminalConsole(BundleContext context, @Reference CommandProcessor processor,
            @Reference Readiness readiness, @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.processor = processor;
        this.readiness = readiness;
        this.log = log;
        this.chatRoom = context.getProperty(ChatStart.PROPERTY);
        if ("terminal".equals(context.getProperty(PipedConsole.PROPERTY))) {
            Thread t = new Thread(this::run, "huddle-console");
            t.setDaemon(true);
            t.start();
        }
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        Terminal t = terminal;
        if (t != null) {
            try {
                t.close();
            } catch (IOException e) {
                log.warn("the terminal could not be restored", e);
            }
        }
    }

    private void run() {
        try (Terminal t = TerminalBuilder.builder().name("huddle").system(true).nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
                CommandSession session = processor.createSession(t.input(), t.output(), t.output())) {
            terminal = t;
            LineReader reader = reader(t, session);
            readiness.await();
            CommandLine commands = new CommandLine(true);
            // a first command, so that the console front end learns this session (and prints above its prompt)
            print(t, Profile.run(commands, session));
            t.writer().println(Profile.BANNER);
            BannerLines.collect(context, log).forEach(t.writer()::println);
            if (chatRoom != null) {
                print(t, ChatStart.enter(commands, session, chatRoom));
            }
            t.handle(Terminal.Signal.INT, signal -> interrupt(session));
            noEcho(t);
            loop(t, reader, session, commands);
        } catch (IOException | IOError e) {
            if (!stopped) {
                log.error("the terminal failed; the node runs on without a console", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(Terminal t, LineReader reader, CommandSession session, CommandLine commands) {
        while (!stopped) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                if (!stopped) {
                    stopNode(t);
                }
                return;
            }
            if (CommandLine.stopsTheNode(line)) {
                stopNode(t);
                return;
            }
            print(t, commands.run(session, line));
        }
    }

    private LineReader reader(Terminal t, CommandSession session) {
        session.put(Shell.VAR_TERMINAL, t);
        session.put(Shell.VAR_PROCESSOR, processor);
        session.put(Shell.VAR_SESSION, session);
        session.put(Shell.VAR_COMPLETIONS, new HashMap<>());
        LineReader reader = LineReaderBuilder.builder().terminal(t).appName("huddle")
                // words for completion only: never a continuation prompt, never a rejected line
                .parser(new DefaultParser())
                .completer(new Completers.Completer(new GogoCompletion(session)))
                // "!" in chat text is text, not a history reference
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        session.put(Shell.VAR_READER, reader);
        return reader;
    }

    /**
     * Keys typed while a command runs are not echoed by the terminal driver: the line reader shows them in the
     * next line it reads (it restores these settings after each line), instead of the driver scattering them
     * between the command's output lines. Closing the terminal restores the settings it started with.
     */
    private static void noEcho(Terminal t) {
        Attributes attributes = t.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ECHO, false);
        t.setAttributes(attributes);
    }

    private static void interrupt(CommandSession session) {
        Job job = session.foregroundJob();
        if (job != null) {
            job.interrupt();
        }
    }

    private static void print(Terminal t, String shown) {
        if (shown != null) {
            t.writer().println(shown);
            t.flush();
        }
    }

    private void stopNode(Terminal t) {
        stopped = true;
        CommandLine.stopNode(context.getBundle(0), line -> print(t, line), log);
    }
}
