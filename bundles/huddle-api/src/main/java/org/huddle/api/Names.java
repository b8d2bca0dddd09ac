package org.huddle.api;

/**
 * The rules for room names and handles, shared by the engine (user input) and codecs (the wire), so a
 * name accepted on one side is never refused on the other.
 */
public final class Names {

    /**
     * The rule for room names in words, for messages that refuse one.
     *
     * @since 1.4.0
     */
    public static final String ROOM_RULE = "1 to " + ChatService.MAX_ROOM_LENGTH
            + " ASCII letters (a-z, A-Z), digits, '.', '_', '#' or '-'";

    private Names() {
    }

    /**
     * @param room a candidate room name
     * @return whether it is 1 to {@value ChatService#MAX_ROOM_LENGTH} letters, digits, {@code . _ # -}
     */
    public static boolean isRoom(String room) {
        // a loop, not a regular expression: every datagram's room is checked on the receive path
        if (room == null || room.isEmpty() || room.length() > ChatService.MAX_ROOM_LENGTH) {
            return false;
        }
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '#' || c == '-')) {
                return false;
            }
        }
        return true;
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
        for (int i = 0; i < handle.length(); i++) {
            if (Character.isISOControl(handle.charAt(i))) { // control characters are all in the BMP
                return false;
            }
        }
        return true;
    }
}
