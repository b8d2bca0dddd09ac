package org.huddle.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A token in a file of its own that only its owner may read (0600, in a directory made 0700): read when it is
 * there, made from 32 random bytes when it is not. The distribution's launcher makes the same file the same way
 * (64 hex digits), so whichever comes first, both agree. Two makers at once agree too: each writes a file of its
 * own and links it to the name, which only the first one can do.
 */
final class TokenFile {

    /** What was found: the token, whether it was made now, whether others could read the file before. */
    record Read(String token, boolean made, boolean wasOpen) {
    }

    private static final int BYTES = 32;
    /** Letters, digits, {@code -} and {@code _} (hex and base64url alike), so it goes into a URL as it is. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32,512}");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFile() {
    }

    /**
     * @throws IOException with a message for the owner (the path and what is wrong) when the file can be neither
     *                     read nor made, or holds no token
     */
    static Read readOrCreate(Path file) throws IOException {
        try {
            boolean made = false;
            if (!Files.exists(file)) {
                made = create(file);
            }
            boolean wasOpen = false;
            if (posix(file)) {
                Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
                wasOpen = now.stream().anyMatch(OTHERS::contains);
                if (wasOpen) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!TOKEN.matcher(token).matches()) {
                throw new IOException(file + " holds no token (32 or more letters, digits, - or _): delete it, "
                        + "and a new one is made at the next start");
            }
            return new Read(token, made, wasOpen);
        } catch (FileSystemException e) {
            // the JDK's message is the path alone: say what went wrong with it
            throw new IOException(e.getFile() + ": " + (e instanceof AccessDeniedException ? "permission denied"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        }
    }

    /** @return whether this call made the file (false: another maker was first) */
    private static boolean create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = posix(directory);
        if (!Files.isDirectory(directory)) {
            // only directories made here are restricted: an existing one is the operator's
            Files.createDirectories(directory, posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(
                    DIRECTORY) } : new FileAttribute<?>[0]);
        }
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        // createTempFile makes it 0600 where files have POSIX permissions
        Path mine = Files.createTempFile(directory, "." + file.getFileName(), ".new");
        try {
            Files.writeString(mine, HexFormat.of().formatHex(bytes) + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(file, mine);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // no hard links here: a rename without replacing, which a second maker at once may still win
                try {
                    Files.move(mine, file);
                    return true;
                } catch (FileAlreadyExistsException raced) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(mine);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
