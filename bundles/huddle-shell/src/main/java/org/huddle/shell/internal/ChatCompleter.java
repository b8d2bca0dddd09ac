package org.huddle.shell.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.huddle.api.ChatService;
import org.huddle.api.Peer;
import org.huddle.api.RoomInfo;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab in chat mode: the first word of a {@code /command} completes to a command, its arguments to joined rooms;
 * in text, a word completes to a peer's handle ({@code @bo} to {@code @bob}).
 */
final class ChatCompleter implements Completer {

    static final List<String> COMMANDS = List.of("/join", "/leave", "/part", "/nick", "/me", "/rooms", "/peers",
            "/who", "/history", "/help", "/quit", "/stats", "/ping", "/diagnose", "/beacon", "/transport");

    private final ChatService chat;

    ChatCompleter(ChatService chat) {
        this.chat = chat;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        boolean command = line.line().startsWith("/") && !line.line().startsWith("//");
        if (command && line.wordIndex() == 0) {
            COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
        } else if (command) {
            chat.rooms().stream().map(RoomInfo::name).forEach(r -> candidates.add(new Candidate(r)));
        } else {
            boolean mention = line.word().startsWith("@");
            handles().forEach(h -> candidates.add(new Candidate(mention ? "@" + h : h, h, null, null, null, null,
                    true)));
        }
    }

    private Set<String> handles() {
        Set<String> handles = new TreeSet<>();
        chat.peers().stream().map(Peer::handle).forEach(handles::add);
        handles.remove(chat.handle());
        return handles;
    }
}
