package org.huddle.engine.internal.history;

import java.nio.file.Path;
import java.util.function.BiConsumer;

import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.rooms.Room;

/**
 * Where rooms keep their history between runs: a directory with one file per room and the node's earlier
 * sender ids, laid out as {@code docs/storage.md} describes. Nothing here ever stops a room from working: a
 * file that cannot be read or written leaves that room's history in memory, with a warning.
 */
public final class HistoryStore implements HistoryFile.Store {

    /** {@link MessageCodec#FORMAT} of the codec that reads and writes the lines of history files. */
    public static final String LINE_FORMAT = "huddle-history/1";

    static final String SUFFIX = ".jsonl";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Path directory;
    private final MessageCodec lines;
    private final OwnSenderIds ownIds;
    private final BiConsumer<String, Throwable> warnings;
    private volatile boolean persist;

    private HistoryStore(Path directory, MessageCodec lines, boolean persist, BiConsumer<String, Throwable> warnings) {
        this.directory = directory;
        this.lines = lines;
        this.persist = persist;
        this.warnings = warnings;
        this.ownIds = directory == null ? null : new OwnSenderIds(directory.resolve(OwnSenderIds.FILE), warnings);
    }

    /** @return a store that keeps nothing beyond memory */
    public static HistoryStore inMemory() {
        return new HistoryStore(null, null, false, (m, t) -> { });
    }

    /**
     * @param directory where the files are (created with the first file written); {@code null} for none
     * @param lines     the codec of {@link #LINE_FORMAT}
     * @param persist   whether rooms read and write their files ({@code history.persist})
     */
    public static HistoryStore in(Path directory, MessageCodec lines, boolean persist, BiConsumer<String, Throwable> warnings) {
        if (directory == null) {
            warnings.accept("the framework has no data area for the engine: history is kept in memory only", null);
        }
        return new HistoryStore(directory, lines, persist, warnings);
    }

    /**
     * The history of a room being joined: its file's latest messages loaded when history is persisted, and
     * messages added from now on appended to the file. Never throws.
     */
    public HistoryBuffer open(String room, int size) {
        if (directory == null) {
            return new HistoryBuffer(size);
        }
        HistoryFile file = new HistoryFile(directory.resolve(fileName(room)), room, size, this);
        HistoryBuffer history = new HistoryBuffer(size, file);
        if (persist) {
            file.load(history::remember);
        }
        return history;
    }

    /** Switches reading and writing files on or off; a room joined while off reads nothing of its file. */
    public void persist(boolean on) {
        this.persist = on;
    }

    @Override
    public boolean persisting() {
        return persist;
    }

    @Override
    public MessageCodec lines() {
        return lines;
    }

    /** @return whether a sender id was this node's in an earlier run (known only when history has files) */
    @Override
    public boolean isOwn(String senderId) {
        return ownIds != null && ownIds.contains(senderId);
    }

    @Override
    public void recordOwn(String senderId) {
        ownIds.record(senderId);
    }

    @Override
    public void warn(String message, Throwable cause) {
        warnings.accept(message, cause);
    }

    /**
     * @return the file name of a room's history: letters {@code a-z}, digits, {@code -} and {@code _} as they
     *         are, every other character (capitals included, so that {@code Lobby} and {@code lobby} stay two
     *         files on case-insensitive file systems) as {@code %} and two upper-case hex digits, then
     *         {@value #SUFFIX}; so {@code .}, {@code ..} and {@code #} never reach the file system as such
     */
    static String fileName(String room) {
        StringBuilder name = new StringBuilder(room.length() + 12);
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                name.append(c);
            } else {
                // Room names are ASCII (Names.isRoom), so one byte per character.
                name.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return name.append(SUFFIX).toString();
    }
}
