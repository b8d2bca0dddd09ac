package org.huddle.shell.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.TerminalText;

/** The console's line formats; the first is a contract scripts rely on (docs/console.md). */
final class LineFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** How an action message starts. */
    static final String ACTION = "/me ";

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

    /**
     * Chat mode's form of a message: an action ({@code /me waves}, the convention of IRC and XMPP's XEP-0245) as
     * {@code [<room>] * <handle> waves}, any other message as {@link #message}.
     */
    static String forPeople(ChatMessage m) {
        if (m.content().startsWith(ACTION) && m.content().length() > ACTION.length()) {
            return "[" + TerminalText.escape(m.room()) + "] * " + TerminalText.escape(m.handle()) + " "
                    + TerminalText.escape(m.content().substring(ACTION.length()));
        }
        return message(m);
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
