package org.huddle.api;

import java.util.Objects;

/**
 * Something a front end should tell its user that is not a chat message: a transport came or went,
 * a message could not be sent.
 *
 * @param room  the room it concerns, or {@code null} when it concerns the node as a whole
 * @param level how much the user should care
 * @param text  one line of plain text, for people
 */
public record Notice(String room, Level level, String text) {

    /** How much the user should care. */
    public enum Level {
        /** Worth knowing, nothing is wrong. */
        INFO,
        /** Something does not work as the user expects (for example, nothing can be sent). */
        WARNING
    }

    public Notice {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
    }
}
