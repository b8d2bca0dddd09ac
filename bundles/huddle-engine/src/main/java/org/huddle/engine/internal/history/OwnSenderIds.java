package org.huddle.engine.internal.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The sender ids this node said things under in earlier runs (file {@code own-ids}, one per line, oldest
 * first), so that its own messages load from history as its own although the id is new at every start.
 * Losing the file costs only that: old own messages then load as others'. Thread safe.
 */
public final class OwnSenderIds {

    static final String FILE = "own-ids";

    /** Runs remembered: ids beyond these belong to messages long gone from any bounded history. */
    static final int KEEP = 1000;

    private static final Pattern SENDER_ID = Pattern.compile("[0-9a-f]{16}");

    private final Path path;
    private final BiConsumer<String, Throwable> warnings;
    private final Set<String> ids = new LinkedHashSet<>();
    private long lines;
    private boolean endsMidLine;
    private boolean failed;
    private boolean loaded;

    OwnSenderIds(Path path, BiConsumer<String, Throwable> warnings) {
        this.path = path;
        this.warnings = warnings;
    }

    /** Read on first use, so that with history.persist off the file is not even read. */
    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        long damaged = 0;
        try (InputStream in = Files.newInputStream(path)) {
            HistoryLines reader = new HistoryLines(in, 64);
            for (ByteBuffer line = reader.next(); line != null; line = reader.next()) {
                lines++;
                String id = StandardCharsets.UTF_8.decode(line).toString().trim();
                if (SENDER_ID.matcher(id).matches() && !reader.overlong()) {
                    ids.add(id);
                } else if (!id.isEmpty()) {
                    damaged++;
                }
            }
            endsMidLine = !reader.endsWithNewline();
        } catch (NoSuchFileException e) {
            // a first start, or nothing said yet
        } catch (IOException | RuntimeException e) {
            failed = true;
            warnings.accept("cannot read " + path + " (" + e + "): messages said in earlier runs load as others'", e);
        }
        if (damaged > 0) {
            warnings.accept("skipped " + damaged + " damaged line(s) of " + lines + " in " + path, null);
        }
    }

    synchronized boolean contains(String senderId) {
        load();
        return ids.contains(senderId);
    }

    /** Remembers an id the first time this node says something under it; never throws. */
    synchronized void record(String senderId) {
        load();
        if (failed || ids.contains(senderId)) {
            return;
        }
        ids.add(senderId);
        try {
            if (lines + 1 > 2L * KEEP) {
                rewrite();
            } else {
                String line = (endsMidLine ? "\n" : "") + senderId + "\n";
                try (FileChannel out = PrivateFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                }
                lines++;
                endsMidLine = false;
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            warnings.accept("cannot write " + path + " (" + e + "): this run's messages will load as others' after"
                    + " a restart", e);
        }
    }

    private void rewrite() throws IOException {
        List<String> latest = new ArrayList<>(ids);
        latest = latest.subList(Math.max(0, latest.size() - KEEP), latest.size());
        Path temporary = path.resolveSibling(FILE + ".tmp");
        try (FileChannel out = PrivateFiles.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap((String.join("\n", latest) + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ids.retainAll(Set.copyOf(latest));
        lines = latest.size();
        endsMidLine = false;
    }
}
