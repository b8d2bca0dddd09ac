package org.huddle.shell.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;

/** The console's line formats; the first is a contract scripts rely on (docs/console.md). */
final class LineFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private LineFormat() {
    }

    /**
     * {@code [<room>] <handle>: <content>}, nothing else on the line. Room names are checked on every wire the
     * engine speaks, and escaped all the same: a line for the terminal never relies on a check elsewhere.
     */
    static String message(ChatMessage m) {
        return "[" + TerminalText.escape(m.room()) + "] " + TerminalText.escape(m.handle()) + ": "
                + TerminalText.escape(m.content());
    }

    /** A history line: the message line after the sender's time of day. */
    static String history(ChatMessage m) {
        return TIME.format(m.timestamp()) + " " + message(m);
    }

    /** {@code *** <text>}, with the room in brackets when the notice concerns one. */
    static String notice(Notice n) {
        String room = n.room() == null ? "" : "[" + TerminalText.escape(n.room()) + "] ";
        return "*** " + room + TerminalText.escape(n.text());
    }
}
