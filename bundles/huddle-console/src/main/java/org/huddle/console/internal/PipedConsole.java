package org.huddle.console.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The console for scripts: when the framework property {@code huddle.console} is {@code pipe} (the launcher sets
 * it when stdin is not a terminal), reads one Gogo command per line from stdin and prints each result on stdout
 * with no prompt. At the end of input it stops reading and the node keeps running, so a script can feed it through
 * a pipe and stop it later (SIGTERM); a line {@code exit} or {@code shutdown} stops it, as at the prompt.
 *
 * <p>It lives outside the front end (huddle-shell), so a script can stop, update and start that bundle through
 * the pipe and go on typing. It starts reading once {@link Readiness} says the chat commands are there.
 *
 * <p>Threads: one daemon thread, {@code huddle-piped-console}, reads stdin and runs each command on itself.
 * Commands such as {@code chat:chat} read the lines after their own through the session variable {@value #LINES};
 * lines are taken a byte at a time from one buffered stream, so the console goes on where the command stopped.
 */
@Component(immediate = true)
public final class PipedConsole {

    static final String PROPERTY = "huddle.console";

    /**
     * Session variable holding a {@code Callable<String>} that returns the next input line, or {@code null} at the
     * end: a JDK type, so the front end (chat mode in huddle-shell) uses it without sharing a class with this bundle.
     */
    static final String LINES = ".huddle.lines";

    private final CommandProcessor processor;
    private final Readiness readiness;
    private final Logger log;
    private final String chatRoom;
    private final Bundle framework;
    private volatile Thread reader;
    private volatile boolean stopped;

    @Activate
    public PipedConsole(BundleContext context, @Reference CommandProcessor processor, @Reference Readiness readiness,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.processor = processor;
        this.readiness = readiness;
        this.log = log;
        this.chatRoom = context.getProperty(ChatStart.PROPERTY);
        this.framework = context.getBundle(0);
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
        InputStream stdin = new BufferedInputStream(new FileInputStream(FileDescriptor.in));
        CommandLine commands = new CommandLine(false);
        try (CommandSession session = processor.createSession(stdin, out, err)) {
            // how a command that reads the lines after its own gets them (chat mode): the same reader, no read-ahead
            session.put(LINES, (Callable<String>) () -> readLine(stdin));
            readiness.await();
            print(out, Profile.run(commands, session));
            if (chatRoom != null) {
                print(out, ChatStart.enter(commands, session, chatRoom));
            }
            String line;
            while (!stopped && (line = readLine(stdin)) != null) {
                if (CommandLine.stopsTheNode(line)) {
                    stopNode(out);
                    return;
                }
                print(out, commands.run(session, line));
            }
            log.info("end of standard input: no more commands are read; the node keeps running until stopped");
        } catch (IOException e) {
            log.warn("standard input can no longer be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code exit} or {@code shutdown}, as at the prompt: a script that ends with one expects the node to end. */
    private void stopNode(PrintStream out) {
        stopped = true;
        CommandLine.stopNode(framework, line -> print(out, line), log);
    }

    private static void print(PrintStream out, String shown) {
        if (shown != null) {
            out.println(shown);
            out.flush();
        }
    }

    /**
     * @return the next line of UTF-8 text without its line break, or {@code null} at the end of input; reads no
     *         byte past the line break, so a command that reads the same stream goes on from the next line
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
