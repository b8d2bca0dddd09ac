package org.huddle.console.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;

/**
 * The Gogo script a console runs in its session before the first line: {@value #PATH} in the distribution, for
 * the commands and variables a user wants in every session. Also the banner of the interactive prompt.
 */
final class Profile {

    static final String PATH = "conf/gosh_profile";

    static final String BANNER = String.join(System.lineSeparator(),
            "Huddle: chat with everyone on this network.",
            "  chat:chat lobby     talk in room lobby: every line you type is a message (/help there)",
            "  help                the chat commands (help chat:join explains one, help all lists every command)",
            "  exit or Ctrl-D      stop Huddle");

    private Profile() {
    }

    /**
     * Runs the profile in the session; also the session's first command, so that listeners of commands (the
     * console front end) learn the session before anything is typed.
     *
     * @return what to print, as {@link CommandLine#run}; {@code null} without a profile
     */
    static String run(CommandLine commands, CommandSession session) {
        Path profile = session.currentDir().resolve(PATH);
        return Files.isRegularFile(profile) ? commands.withArgument(session, "source", profile.toUri().toString()) : null;
    }
}
