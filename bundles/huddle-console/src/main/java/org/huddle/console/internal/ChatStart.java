package org.huddle.console.internal;

import org.apache.felix.service.command.CommandSession;

/**
 * {@code bin/huddle --chat [room]} sets the framework property {@value #PROPERTY} (to the room, or to nothing), and
 * the console then starts in chat mode ({@code chat:chat}) instead of at the {@code g!} prompt.
 */
final class ChatStart {

    static final String PROPERTY = "huddle.chat";

    private static final String COMMAND = "chat:chat";

    private ChatStart() {
    }

    /**
     * Enters chat mode, and returns when the user leaves it.
     *
     * @param room the room to talk in; blank for the current one
     * @return what to print afterwards, as {@link CommandLine#run}
     */
    static String enter(CommandLine commands, CommandSession session, String room) {
        return room.isBlank() ? commands.run(session, COMMAND) : commands.withArgument(session, COMMAND, room.strip());
    }
}
