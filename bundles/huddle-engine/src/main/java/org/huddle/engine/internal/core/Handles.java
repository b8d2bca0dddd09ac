package org.huddle.engine.internal.core;

import java.util.function.BiConsumer;

import org.huddle.api.ChatService;
import org.huddle.api.Names;

/** Where a node's handle comes from when none was set with {@code chat:nick}. */
public final class Handles {

    private Handles() {
    }

    /** @return the configured handle if allowed, else the operating system user name, else {@code anonymous} */
    public static String initial(String configured, BiConsumer<String, Throwable> warnings) {
        if (configured != null && !configured.isBlank()) {
            if (Names.isHandle(configured.trim())) {
                return configured.trim();
            }
            warnings.accept("configured handle '" + configured + "' is not allowed (1 to " + ChatService.MAX_HANDLE_LENGTH
                    + " characters, no control characters); using the user name instead", null);
        }
        String user = System.getProperty("user.name", "");
        return Names.isHandle(user) ? user : "anonymous";
    }

    /** @return {@code bob#3f2a}: a handle told apart from another node's equal one by the start of the node id */
    public static String withId(String handle, String id) {
        return handle + '#' + id.substring(0, Math.min(4, id.length()));
    }
}
