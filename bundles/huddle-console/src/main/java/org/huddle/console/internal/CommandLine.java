package org.huddle.console.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.huddle.api.TerminalText;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.log.Logger;

/**
 * Runs one line typed at the prompt (or read from a pipe) in a Gogo session, and says what to print: the result,
 * one {@code error:} line, or nothing. Nothing it runs can throw past it.
 *
 * <p>At the interactive prompt ({@link #literalSay}) a line whose command is {@code chat:say} (or {@code say}) is
 * not shell syntax: the rest of the line is the message as typed, so {@code :)}, {@code it's}, {@code 50%},
 * {@code $HOME}, {@code 2 > 1}, {@code a; b} and {@code <3} are said, never run, expanded or redirected. One pair of
 * quotes around the whole text is taken off, as Gogo would, so the old advice {@code chat:say "it's fine"} still
 * says {@code it's fine}. Pipe mode keeps Gogo's syntax for every line: scripts rely on it.
 */
final class CommandLine {

    /** The session variable that carries a literal argument into a command, so Gogo never parses it. */
    static final String ARGUMENT_VARIABLE = "huddleArgument";

    private static final String SAY = "chat:say";

    /** Lines that stop the node, at the prompt and from a pipe alike (Gogo's own {@code exit} wants a number). */
    private static final Set<String> STOP_WORDS = Set.of("exit", "shutdown");

    private final boolean literalSay;

    /** @param literalSay whether {@code chat:say} lines take their text as typed (the interactive prompt) */
    CommandLine(boolean literalSay) {
        this.literalSay = literalSay;
    }

    /** @return whether the line, as typed, asks to stop the node ({@code exit}, {@code shutdown}) */
    static boolean stopsTheNode(String line) {
        return STOP_WORDS.contains(line.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Stops the node as {@code exit}, {@code shutdown} and Ctrl-D do, at the prompt and from a pipe alike: says so
     * first, since the framework's stopping takes the console with it.
     *
     * @param show prints a line where the user reads the console
     */
    static void stopNode(Bundle framework, Consumer<String> show, Logger log) {
        show.accept("*** stopping Huddle");
        try {
            framework.stop();
        } catch (BundleException | IllegalStateException e) {
            log.error("the framework could not be stopped", e);
        }
    }

    /**
     * @param session the session to run in
     * @param line    a line as typed, without its line break
     * @return what to print, or {@code null} for nothing (a blank line, a comment, a command that returned nothing)
     */
    String run(CommandSession session, String line) {
        String command = line.strip();
        if (command.isEmpty() || command.startsWith("#")) {
            return null;
        }
        String text = literalSay ? sayText(command) : null;
        return text == null || text.isEmpty() ? execute(session, command) : withArgument(session, SAY, text);
    }

    /**
     * Runs a command with one argument that Gogo passes on as it is: no quotes, variables, globs, redirections or
     * separators are looked for in it.
     *
     * @return what to print, as {@link #run}
     */
    String withArgument(CommandSession session, String command, String argument) {
        session.put(ARGUMENT_VARIABLE, argument);
        try {
            return execute(session, command + " $" + ARGUMENT_VARIABLE);
        } finally {
            session.put(ARGUMENT_VARIABLE, null);
        }
    }

    private static String execute(CommandSession session, String command) {
        try {
            Object result = session.execute(command);
            String shown = result == null ? null : String.valueOf(session.format(result, Converter.INSPECT));
            // commands such as stop answer an empty text for "done": no blank line for it
            return shown == null || shown.isBlank() ? null : shown;
        } catch (Exception e) {
            return error(e);
        }
    }

    /** @return one {@code error:} line for anything a command line threw: its first line, never a class name */
    static String error(Throwable thrown) {
        Throwable cause = thrown instanceof InvocationTargetException && thrown.getCause() != null
                ? thrown.getCause() : thrown;
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            message = "the command failed (" + cause.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(Locale.ROOT) + ")";
        }
        String first = message.lines().findFirst().orElse(message).strip();
        return "error: " + TerminalText.escape(first) + " (try: help)";
    }

    /**
     * @return the text to say when the command is {@code chat:say} or {@code say} followed by a blank, else
     *         {@code null}; an empty text for a bare {@code chat:say}, so the command answers with its usage
     */
    static String sayText(String command) {
        int end = 0;
        while (end < command.length() && !Character.isWhitespace(command.charAt(end))) {
            end++;
        }
        String name = command.substring(0, end).toLowerCase(Locale.ROOT);
        if (!name.equals(SAY) && !name.equals("say")) {
            return null;
        }
        return unquoted(command.substring(end).strip());
    }

    /** Takes off one pair of matching quotes that encloses the whole text and appears nowhere inside it. */
    static String unquoted(String text) {
        if (text.length() >= 2) {
            char first = text.charAt(0);
            if ((first == '"' || first == '\'') && text.indexOf(first, 1) == text.length() - 1) {
                return text.substring(1, text.length() - 1);
            }
        }
        return text;
    }
}
