package org.huddle.engine.internal.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.huddle.api.JoinOptions;
import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SavedStateTest {

    private static final JoinOptions SIX = new JoinOptions(Wire.HUDDLE, List.of("ff02::4845", "239.255.72.70"), 7448, "");
    private static final JoinOptions BACK = new JoinOptions(Wire.BACKCHANNEL, List.of(), 0, "");
    private static final JoinOptions SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "four random words here");

    @TempDir
    Path dir;

    private final List<String> failures = new ArrayList<>();

    private SavedState load() {
        return SavedState.load(dir.resolve("data/state.properties"), (m, t) -> failures.add(m));
    }

    @Test
    void roomsAndHandleComeBackTheEncryptedOnesToldAboutAndNoPassphraseIsWritten() throws Exception {
        SavedState state = load();
        state.joined("lobby", JoinOptions.DEFAULT, Optional.of("lobby"));
        state.joined("six", SIX, Optional.of("six"));
        state.joined("plans", SECRET, Optional.of("plans"));
        state.joined("back", BACK, Optional.of("back"));
        state.left("back", Optional.of("plans"));
        state.handleSet("erin", "alice");
        state.write();

        Path file = dir.resolve("data/state.properties");
        assertFalse(Files.readString(file).contains("four random words"), "no passphrase on disk");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        SavedState again = load();
        assertEquals(Optional.of("erin"), again.handle("alice"));
        assertEquals(Optional.empty(), again.handle("bob"), "a handle configured since wins over the old nick");
        List<String> rejoined = new ArrayList<>();
        List<Notice> told = again.rejoin((room, options, current) -> rejoined.add(room + " " + options + " " + current),
                (m, t) -> failures.add(m));
        assertEquals(List.of("lobby " + JoinOptions.DEFAULT + " false", "six " + SIX + " false"), rejoined);
        assertEquals(1, told.size());
        assertEquals("plans", told.get(0).room());
        assertTrue(told.get(0).text().startsWith("plans is encrypted, so it was not rejoined"), told.get(0).text());
        assertEquals(List.of(), failures);
    }

    @Test
    void theCurrentRoomIsRejoinedAsCurrent() {
        SavedState state = load();
        state.joined("a", JoinOptions.DEFAULT, Optional.of("a"));
        state.joined("b", JoinOptions.DEFAULT, Optional.of("b"));
        state.left("b", Optional.of("a"));
        state.joined("c", JoinOptions.DEFAULT, Optional.of("a"));
        state.write();
        List<String> current = new ArrayList<>();
        load().rejoin((room, options, isCurrent) -> {
            if (isCurrent) {
                current.add(room);
            }
        }, (m, t) -> failures.add(m));
        assertEquals(List.of("a"), current);
    }

    @Test
    void aBrokenFileIsAWarningAndNothingComesBack() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/state.properties"), "room.1=lobby\nroom.1.port=99999\nroom.2=x\\u00zz\n");
        SavedState state = load();
        assertFalse(failures.isEmpty(), "the user is told");
        assertTrue(state.rejoin((room, options, current) -> { }, (m, t) -> failures.add(m)).isEmpty());
    }
}
