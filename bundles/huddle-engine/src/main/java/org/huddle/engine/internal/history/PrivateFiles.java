package org.huddle.engine.internal.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders that only their owner can read: histories, saved state and own ids say what was said in which
 * room, so other local users must not read them, whatever the umask of the process that runs the node (a container's
 * is often 022). Created so from the start, never widened afterwards; a file an older version wrote wider is
 * narrowed when it is opened again. On a file system without POSIX permissions, files are created as it does.
 */
public final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates a folder and its missing parents, each new one for the owner only. */
    static void createFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createFolders(parent);
        }
        if (POSIX) {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
            Files.createDirectory(absolute);
        }
    }

    /** Opens a file, creating it (and its folder) for the owner only; an existing one is narrowed to its owner. */
    static FileChannel open(Path file, OpenOption... options) throws IOException {
        createFolders(file.getParent());
        FileChannel channel = POSIX ? FileChannel.open(file, Set.of(options), attribute())
                : FileChannel.open(file, options);
        narrow(file);
        return channel;
    }

    /** Makes an existing file the owner's only, as a file this node created would be. */
    static void narrow(Path file) throws IOException {
        if (POSIX && !Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }
}
