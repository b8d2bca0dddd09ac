package org.huddle.engine.internal.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;

import org.huddle.api.JoinOptions;
import org.huddle.api.Notice;
import org.huddle.api.Wire;

/**
 * What the user chose that comes back after a restart: the handle set with {@code chat:nick} (while the configured
 * handle is the one it replaced) and the rooms joined, with their wire and channel and which one was current. An
 * encrypted room is kept as a name and the fact that it is encrypted, never with its passphrase: it is not
 * rejoined, the user is told how to rejoin it. Kept in the engine's data area as a properties file, owner-only.
 *
 * <p>Threads: the thread that joins, leaves or renames records the change in memory under this object's lock;
 * {@link #write()} takes a copy under the lock and writes the file outside it, on the engine's timer thread.
 */
public final class SavedState {

    /** A room to rejoin: its options without the passphrase, and whether it had one. */
    record SavedRoom(String name, JoinOptions options, boolean encrypted) {
    }

    private final Path file;
    private final BiConsumer<String, Throwable> warnings;
    private final Map<String, SavedRoom> rooms = new LinkedHashMap<>();
    private String handle;
    private String replacedHandle;
    private String current;

    private SavedState(Path file, BiConsumer<String, Throwable> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** @return a state that remembers nothing across restarts (tests, a framework without a data area) */
    public static SavedState none() {
        return new SavedState(null, (m, t) -> { });
    }

    /** @return the state kept in the file, or an empty one (the file is missing, or unreadable: a warning says so) */
    public static SavedState load(Path file, BiConsumer<String, Throwable> warnings) {
        SavedState state = new SavedState(file, warnings);
        if (file == null || !Files.isRegularFile(file)) {
            return state;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            warnings.accept("the rooms and handle of the last run could not be read from " + file, e);
            return state;
        }
        state.handle = p.getProperty("handle");
        state.replacedHandle = p.getProperty("handle.replaced", "");
        state.current = p.getProperty("current");
        for (int i = 1; p.containsKey("room." + i); i++) {
            String k = "room." + i;
            try {
                Wire wire = Wire.of(p.getProperty(k + ".wire", "huddle")).orElse(Wire.HUDDLE);
                String groups = p.getProperty(k + ".groups", "");
                List<String> g = groups.isBlank() ? List.of() : Arrays.asList(groups.split(","));
                JoinOptions options = new JoinOptions(wire, g, Integer.parseInt(p.getProperty(k + ".port", "0")), "");
                String name = p.getProperty(k);
                state.rooms.put(name, new SavedRoom(name, options, Boolean.parseBoolean(p.getProperty(k + ".encrypted"))));
            } catch (IllegalArgumentException e) {
                warnings.accept("room " + i + " of the last run could not be read from " + file, e);
            }
        }
        return state;
    }

    /** @return the handle set with {@code chat:nick} last run, unless the configured handle has changed since */
    public synchronized Optional<String> handle(String configured) {
        return handle != null && replacedHandle.equals(configured == null ? "" : configured.strip())
                ? Optional.of(handle) : Optional.empty();
    }

    /** How a room is joined again: as {@code ChatService.join}, current or not. */
    @FunctionalInterface
    public interface Joiner {
        void join(String room, JoinOptions options, boolean current);
    }

    /**
     * Joins the open rooms of the last run again, the current one as current.
     *
     * @return for each encrypted room, which is not rejoined (no passphrase is kept), a notice that says so
     */
    public List<Notice> rejoin(Joiner joiner, BiConsumer<String, Throwable> failures) {
        List<SavedRoom> last;
        String wasCurrent;
        synchronized (this) {
            last = new ArrayList<>(rooms.values());
            wasCurrent = current;
        }
        List<Notice> told = new ArrayList<>();
        for (SavedRoom r : last) {
            if (r.encrypted()) {
                told.add(new Notice(r.name(), Notice.Level.INFO, r.name() + " is encrypted, so it was not rejoined"
                        + " after the restart: join it again with its passphrase"));
                continue;
            }
            try {
                joiner.join(r.name(), r.options(), r.name().equals(wasCurrent));
            } catch (RuntimeException e) {
                failures.accept("room " + r.name() + " of the last run could not be rejoined", e);
            }
        }
        return told;
    }

    public synchronized void handleSet(String newHandle, String configured) {
        handle = newHandle;
        replacedHandle = configured == null ? "" : configured.strip();
    }

    public synchronized void joined(String room, JoinOptions options, Optional<String> nowCurrent) {
        rooms.put(room, new SavedRoom(room, new JoinOptions(options.wire(), options.groups(), options.port(), ""),
                options.encrypted()));
        current = nowCurrent.orElse(null);
    }

    public synchronized void selected(Optional<String> nowCurrent) {
        current = nowCurrent.orElse(null);
    }

    public synchronized void left(String room, Optional<String> nowCurrent) {
        rooms.remove(room);
        current = nowCurrent.orElse(null);
    }

    /** Writes the file (a new one, then moved over the old, so a crash never leaves half of one). */
    public void write() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        synchronized (this) {
            if (handle != null) {
                p.setProperty("handle", handle);
                p.setProperty("handle.replaced", replacedHandle);
            }
            if (current != null) {
                p.setProperty("current", current);
            }
            int i = 0;
            for (SavedRoom r : rooms.values()) {
                String k = "room." + ++i;
                p.setProperty(k, r.name());
                p.setProperty(k + ".wire", r.options().wire().label());
                p.setProperty(k + ".groups", String.join(",", r.options().groups()));
                p.setProperty(k + ".port", Integer.toString(r.options().port()));
                p.setProperty(k + ".encrypted", Boolean.toString(r.encrypted()));
            }
        }
        try {
            Path next = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(next);
            try (OutputStream out = Channels.newOutputStream(PrivateFiles.open(next, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE))) {
                p.store(out, "Huddle: the handle and rooms that come back after a restart (no passphrases)");
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            warnings.accept("the rooms and handle could not be kept for the next run in " + file, e);
        }
    }
}
