package org.huddle.transport.jgroups.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.huddle.api.TerminalText;
import org.osgi.service.log.Logger;

/**
 * Where the cluster's secret comes from: {@code secret} itself, or the first line of {@code secret.file}, which
 * keeps it out of the configuration (Config Admin stores and shows what a configuration holds) and lets the file's
 * permissions guard it.
 */
final class ClusterSecret {

    private ClusterSecret() {
    }

    /**
     * @return the secret, or an empty string for none
     * @throws IllegalArgumentException when both are set, or the file cannot be read or is empty
     */
    static String read(JGroupsTransportConfig config, Logger log) {
        String file = config.secret_file().strip();
        if (file.isEmpty()) {
            return config.secret();
        }
        if (!config.secret().isEmpty()) {
            throw new IllegalArgumentException("both secret and secret.file are set: keep one (secret.file keeps the "
                    + "secret out of the configuration)");
        }
        try {
            Path path = Path.of(file);
            String secret = Files.readString(path, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("secret.file " + TerminalText.escape(file) + " is empty");
            }
            warnIfOthersRead(path, file, log);
            return secret;
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("secret.file " + TerminalText.escape(file) + " cannot be read ("
                    + TerminalText.escape(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static void warnIfOthersRead(Path path, String file, Logger log) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ)) {
                log.warn("secret.file {} can be read by other users: chmod 600 it", TerminalText.escape(file));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its permissions are the operator's to check
        }
    }
}
