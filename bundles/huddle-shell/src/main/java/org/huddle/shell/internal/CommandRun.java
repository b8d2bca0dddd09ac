package org.huddle.shell.internal;

import org.huddle.api.ChatException;
import org.huddle.api.TerminalText;

/**
 * Runs a command body: {@code --help} alone shows the command's usage instead (Karaf's {@code help} asks
 * that way), and a refusal becomes one {@code error:} line, never a stack trace.
 */
final class CommandRun {

    /** A command body that may refuse with a {@link ChatException}. */
    @FunctionalInterface
    interface Body {
        String run();
    }

    private CommandRun() {
    }

    static String run(Class<?> commands, String command, String[] args, Body body) {
        if (CommandHelp.isRequest(args)) {
            return CommandHelp.of(commands, "chat", command);
        }
        try {
            return body.run();
        } catch (ChatException e) {
            return "error: " + TerminalText.escape(e.getMessage());
        }
    }

    static void noArguments(String[] args, String usage) {
        noOptions(args, usage);
        if (args.length > 0) {
            throw new ChatException("too many arguments: " + usage + " takes none");
        }
    }

    static String exactlyOne(String[] args, String usage) {
        noOptions(args, usage);
        if (args.length != 1) {
            throw new ChatException((args.length == 0 ? "missing argument" : "too many arguments") + ": " + usage);
        }
        return args[0];
    }

    /**
     * Gogo leaves a word that looks like an option but is none of the command's among its arguments: refused as
     * what it is, not as one argument too many.
     */
    private static void noOptions(String[] args, String usage) {
        for (String arg : args) {
            if (arg.startsWith("--") && arg.length() > 2) {
                throw new ChatException("unknown option " + arg + ": " + usage);
            }
        }
    }

    /** @return the number, checked against its range, or a refusal that says what was expected */
    static int number(String text, String what, int min, int max) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the same message
        }
        throw new ChatException("'" + text + "' is not a valid " + what + ": give a whole number from " + min + " to " + max);
    }
}
