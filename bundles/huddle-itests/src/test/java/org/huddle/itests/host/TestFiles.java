package org.huddle.itests.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File chores of the tests that run whole nodes: configuration files and temporary copies. */
public final class TestFiles {

    private TestFiles() {
    }

    /**
     * Sets keys in a .cfg file (Java properties syntax), as an operator's editor would: a key's line is
     * replaced, a missing key is appended, every other line is kept.
     */
    public static void setCfg(Path file, Map<String, String> values) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>(values);
        List<String> result = new ArrayList<>();
        for (String line : lines) {
            String replaced = line;
            for (Map.Entry<String, String> entry : values.entrySet()) {
                if (Pattern.compile("^\\s*" + Pattern.quote(entry.getKey()) + "\\s*[=:].*").matcher(line).matches()) {
                    replaced = entry.getKey() + " = " + entry.getValue();
                    missing.remove(entry.getKey());
                }
            }
            result.add(replaced);
        }
        missing.forEach((key, value) -> result.add(key + " = " + value));
        Files.createDirectories(file.getParent());
        Files.write(file, result, StandardCharsets.UTF_8);
    }

    /**
     * Finds a room's history file in a node's copy of the distribution: in the engine bundle's data area
     * inside the framework cache (docs/storage.md).
     *
     * @param home the {@link DistributionNode#home()} of a node that joined the room
     * @param room a room whose name stands in the file name as it is (lower case, digits, - and _)
     * @throws AssertionError when there is not exactly one such file
     */
    public static Path historyFile(Path home, String room) throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("felix-cache"))) {
            List<Path> found = files.filter(p -> p.endsWith(Path.of("data", "history", room + ".jsonl"))).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one history file for " + room + " in " + home + ": " + found);
            }
            return found.get(0);
        }
    }

    /**
     * Copies an unpacked distribution for a node of its own, without the source's {@code felix-cache}:
     * configuration persisted there by an earlier run would apply before the overrides a test writes.
     *
     * @param from an unpacked distribution (see {@link DistributionNode#distribution()})
     * @param to   the copy's directory, which may exist already (empty)
     */
    static void copyDistribution(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("felix-cache")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                // COPY_ATTRIBUTES keeps bin/huddle executable.
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a directory tree, quietly: a leftover temporary directory is no reason to fail a test. */
    public static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
