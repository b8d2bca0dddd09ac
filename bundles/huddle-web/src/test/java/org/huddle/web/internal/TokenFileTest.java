package org.huddle.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void aTokenIsMadeOnceInAFileOnlyItsOwnerReads() throws IOException {
        Path file = dir.resolve("data/web.token");
        TokenFile.Read made = TokenFile.readOrCreate(file);
        assertTrue(made.made());
        assertTrue(made.token().matches("[0-9a-f]{64}"), made.token());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }

        TokenFile.Read again = TokenFile.readOrCreate(file);
        assertFalse(again.made());
        assertEquals(made.token(), again.token());
        assertNotEquals(made.token(), TokenFile.readOrCreate(dir.resolve("other/web.token")).token());
    }

    @Test
    void aFileOthersCouldReadIsMadeOwnerOnlyAndSaidSo() throws IOException {
        Path file = dir.resolve("web.token");
        Files.writeString(file, "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        TokenFile.Read read = TokenFile.readOrCreate(file);
        assertTrue(read.wasOpen());
        assertEquals("Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5", read.token());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFileWithoutATokenIsRefusedWithWhatToDo() throws IOException {
        Path file = dir.resolve("web.token");
        Files.writeString(file, "short");
        IOException e = assertThrows(IOException.class, () -> TokenFile.readOrCreate(file));
        assertTrue(e.getMessage().startsWith(file + " holds no token") && e.getMessage().contains("delete it"),
                e.getMessage());
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsSaidInWords() throws IOException {
        Path locked = dir.resolve("locked");
        Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        // root may write anyway: then the file is simply made
        if (!Files.isWritable(locked)) {
            IOException e = assertThrows(IOException.class, () -> TokenFile.readOrCreate(locked.resolve("web.token")));
            assertTrue(e.getMessage().endsWith(": permission denied"), e.getMessage());
        }
    }
}
