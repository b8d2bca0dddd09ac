package org.huddle.shell.internal;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Set;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.huddle.api.ChatService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The console for scripts: when the framework property {@code huddle.console} is {@code pipe} (the
 * launcher sets it when stdin is not a terminal), reads one Gogo command per line from stdin and prints
 * each result on stdout with no prompt. At the end of input it stops reading and the node keeps running,
 * so a script can feed it through a pipe and stop it later (SIGTERM).
 *
 * <p>Before reading it waits until Gogo lists the chat commands and the engine has a transport.
 */
@Component(immediate = true)
public final class PipedConsole {

    static final String PROPERTY = "huddle.console";

    private static final Duration READY_DEADLINE = Duration.ofSeconds(10);

    /** One command of each commands component: both must be registered before a script's first line runs. */
    private static final Set<String> COMMANDS = Set.of("chat:say", "chat:ping");

    private final CommandProcessor processor;
    private final Logger log;
    private volatile Thread reader;
    private volatile boolean stopped;

    /**
     * Dynamic, so that restarting the engine (a configuration change, an update of its bundle) does not
     * restart this console: a second reader would compete for stdin with the first, which stays blocked
     * in a read that cannot be interrupted.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ChatService chat;

    @Activate
    public PipedConsole(BundleContext context, @Reference CommandProcessor processor,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.processor = processor;
        this.log = log;
        if ("pipe".equals(context.getProperty(PROPERTY))) {
            Thread t = new Thread(this::readCommands, "huddle-piped-console");
            t.setDaemon(true);
            reader = t;
            t.start();
        }
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        Thread t = reader;
        if (t != null) {
            t.interrupt();
        }
    }

    private void readCommands() {
        // The process's own descriptors: once Gogo runs, System.in/out are its per-thread wrappers,
        // and a session built on them writes into itself.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        try (CommandSession session = processor.createSession(stdin, out, err);
                BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            awaitReady(session);
            String line;
            while (!stopped && (line = in.readLine()) != null) {
                String command = line.strip();
                String shown = command.isEmpty() || command.startsWith("#") ? null : execute(session, command);
                if (shown != null) {
                    out.println(shown);
                    out.flush();
                }
            }
            log.info("end of standard input: no more commands are read; the node keeps running until stopped");
        } catch (IOException e) {
            log.warn("standard input can no longer be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return what to print: the result, one {@code error:} line, or {@code null} for nothing */
    private static String execute(CommandSession session, String command) {
        try {
            Object result = session.execute(command);
            return result == null ? null : String.valueOf(session.format(result, Converter.INSPECT));
        } catch (Exception e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return "error: " + TerminalText.escape(message.lines().findFirst().orElse(message)) + " (try: help)";
        }
    }

    /**
     * Waits until Gogo lists the chat commands and the engine has a transport, so that a script's first
     * {@code chat:say} is sent rather than refused; a node with no transport configured starts reading
     * after the deadline all the same, and its commands say why nothing can be sent.
     */
    @SuppressWarnings("unchecked")
    private void awaitReady(CommandSession session) throws InterruptedException {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            Object commands = session.get(".commands");
            ChatService engine = chat;
            if (commands instanceof Set && ((Set<Object>) commands).containsAll(COMMANDS) && engine != null
                    && !engine.stats().transports().isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        log.warn("no transport within {}; reading commands anyway", READY_DEADLINE);
    }
}
