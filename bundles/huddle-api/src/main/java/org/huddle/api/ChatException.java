package org.huddle.api;

/**
 * A chat operation could not be done; the message says why in words a user can act on
 * (for example "not in a room: join one first").
 */
public class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChatException(String message) {
        super(message);
    }

    public ChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
