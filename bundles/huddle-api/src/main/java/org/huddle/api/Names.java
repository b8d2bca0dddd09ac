package org.huddle.api;

import java.util.regex.Pattern;

/**
 * The rules for room names and handles, shared by the engine (user input) and codecs (the wire), so a
 * name accepted on one side is never refused on the other.
 */
public final class Names {

    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9._#-]{1," + ChatService.MAX_ROOM_LENGTH + "}");

    private Names() {
    }

    /**
     * @param room a candidate room name
     * @return whether it is 1 to {@value ChatService#MAX_ROOM_LENGTH} letters, digits, {@code . _ # -}
     */
    public static boolean isRoom(String room) {
        return room != null && ROOM.matcher(room).matches();
    }

    /**
     * @param handle a candidate handle
     * @return whether it is 1 to {@value ChatService#MAX_HANDLE_LENGTH} characters, with no control
     *         characters and not blank
     */
    public static boolean isHandle(String handle) {
        if (handle == null || handle.isBlank() || handle.codePointCount(0, handle.length()) > ChatService.MAX_HANDLE_LENGTH) {
            return false;
        }
        return handle.codePoints().noneMatch(Character::isISOControl);
    }
}
