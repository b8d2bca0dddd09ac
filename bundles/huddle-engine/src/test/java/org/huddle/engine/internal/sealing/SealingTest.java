package org.huddle.engine.internal.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The keys of an encrypted room, its sealed datagrams and the refusal of replays. */
public class SealingTest {

    // Derivation is slow on purpose: derived once for the class.
    private static final RoomSecret LOBBY = RoomSecret.derive("lobby", "correct horse");
    private static final RoomSecret LOBBY_OTHER = RoomSecret.derive("lobby", "battery staple");
    private static final RoomSecret DEV = RoomSecret.derive("#dev", "correct horse");

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void derivationDependsOnPassphraseAndRoomAndTheRoomTagOnTheRoomOnly() {
        assertEquals(LOBBY, RoomSecret.derive("lobby", "correct horse"));
        assertNotEquals(LOBBY, LOBBY_OTHER);
        assertNotEquals(LOBBY, DEV);
        assertArrayEquals(LOBBY.roomTag(), LOBBY_OTHER.roomTag());
        assertFalse(java.util.Arrays.equals(LOBBY.roomTag(), DEV.roomTag()));
        assertFalse(java.util.Arrays.equals(LOBBY.keyTag(), LOBBY_OTHER.keyTag()));
        assertFalse(LOBBY.toString().contains("correct"), LOBBY.toString());
        assertThrows(IllegalArgumentException.class, () -> RoomSecret.derive("lobby", ""));
    }

    /**
     * The room key is Argon2id (64 MiB, 3 passes, 4 lanes: RFC 9106's second option) of the passphrase, salted with the derivation's version
     * and the room's name: a PBKDF2 table (v1) serves nothing, and every guess costs an attacker that memory.
     * Computed here with Bouncy Castle directly; the key tag is HKDF-Expand of the room key (RFC 5869).
     */
    @Test
    void theRoomKeyIsArgon2idOfThePassphraseWithTheRoomInTheSalt() throws Exception {
        org.bouncycastle.crypto.generators.Argon2BytesGenerator argon2 = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        argon2.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withSalt("huddle/v2/argon2id/room/lobby".getBytes(StandardCharsets.UTF_8)).withMemoryAsKB(64 * 1024)
                .withIterations(3).withParallelism(4).build());
        byte[] roomKey = new byte[32];
        argon2.generateBytes("correct horse".toCharArray(), roomKey);
        javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(roomKey, "HmacSHA256"));
        hmac.update("huddle/v1/key-tag".getBytes(StandardCharsets.UTF_8));
        hmac.update((byte) 1);
        assertArrayEquals(java.util.Arrays.copyOf(hmac.doFinal(), RoomSecret.TAG_BYTES), LOBBY.keyTag());
    }

    @Test
    void shortPassphrasesOfFewWordsAreWeak() {
        for (String weak : List.of("correct horse", "hunter2", "Tr0ub4dor&3", "a b c", "  password123  ")) {
            assertTrue(RoomSecret.isWeak(weak), weak);
        }
        for (String strong : List.of("correct horse battery staple", "stove-hedge-lunar-basket",
                "a long passphrase of one kind", "xK9#mQ2$vL7@pR4!wZ8&")) {
            assertFalse(RoomSecret.isWeak(strong), strong);
        }
    }

    @Test
    void aSealedDatagramOpensWithItsSecretAndHidesItsContent() throws Exception {
        String json = "{\"v\":1,\"type\":\"msg\",\"handle\":\"alice\",\"content\":\"the plan is at noon\"}";
        ByteBuffer sealed = SealedDatagram.seal(LOBBY, 0x1234L, 7, 1_700_000_000_000L, text(json));
        assertTrue(SealedDatagram.isSealed(sealed));
        assertEquals(SealedDatagram.OVERHEAD + json.length(), sealed.remaining());
        String onTheWire = new String(sealed.array(), StandardCharsets.ISO_8859_1);
        for (String secret : new String[] { "alice", "plan", "lobby", "msg" }) {
            assertFalse(onTheWire.contains(secret), secret + " in clear");
        }
        assertTrue(LOBBY.matches(SealedDatagram.roomTag(sealed), SealedDatagram.keyTag(sealed)));
        assertFalse(LOBBY_OTHER.matches(SealedDatagram.roomTag(sealed), SealedDatagram.keyTag(sealed)));
        SealedDatagram.Opened opened = SealedDatagram.open(LOBBY, sealed);
        assertEquals(0x1234L, opened.sender());
        assertEquals(7, opened.counter());
        assertEquals(1_700_000_000_000L, opened.sealedAt());
        assertEquals(json, text(opened.datagram()));
    }

    @Test
    void noncesDifferSoTheSameDatagramNeverSealsTheSame() {
        Set<ByteBuffer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(SealedDatagram.seal(LOBBY, 1, 1, 1, text("same"))));
        }
    }

    @Test
    void everyChangedByteAndEveryCutAndTheWrongKeyAreRefused() {
        ByteBuffer sealed = SealedDatagram.seal(LOBBY, 1, 1, 1, text("{\"content\":\"hi\"}"));
        byte[] good = new byte[sealed.remaining()];
        sealed.duplicate().get(good);
        for (int i = 2; i < good.length; i++) {
            byte[] changed = good.clone();
            changed[i] ^= 0x01;
            assertThrows(SealedDatagram.Unopened.class, () -> SealedDatagram.open(LOBBY, ByteBuffer.wrap(changed)),
                    "byte " + i);
        }
        for (int length = 0; length < good.length; length++) {
            ByteBuffer cut = ByteBuffer.wrap(good, 0, length);
            assertThrows(SealedDatagram.Unopened.class, () -> SealedDatagram.open(LOBBY, cut), "cut at " + length);
        }
        assertThrows(SealedDatagram.Unopened.class, () -> SealedDatagram.open(LOBBY_OTHER, ByteBuffer.wrap(good)));
    }

    @Test
    void theGuardLetsEachCounterInOnceAndRefusesTheStaleAndTheAncient() {
        AtomicLong now = new AtomicLong(1_000_000);
        ReplayGuard guard = new ReplayGuard(900_000, 60_000, 100, now::get);
        assertEquals(ReplayGuard.Verdict.FRESH, guard.check(LOBBY, 1, 5, now.get()));
        assertEquals(ReplayGuard.Verdict.COPY, guard.check(LOBBY, 1, 5, now.get()));
        assertEquals(ReplayGuard.Verdict.FRESH, guard.check(LOBBY, 1, 3, now.get()), "out of order, first time");
        assertEquals(ReplayGuard.Verdict.COPY, guard.check(LOBBY, 1, 3, now.get()));
        assertEquals(ReplayGuard.Verdict.FRESH, guard.check(LOBBY, 2, 3, now.get()), "another sender");
        assertEquals(ReplayGuard.Verdict.FRESH, guard.check(LOBBY_OTHER, 1, 3, now.get()), "another key");
        assertEquals(ReplayGuard.Verdict.FRESH, guard.check(LOBBY, 1, 5 + ReplayGuard.WINDOW + 10, now.get()));
        assertEquals(ReplayGuard.Verdict.REPLAYED, guard.check(LOBBY, 1, 6, now.get()), "below the window");
        assertEquals(ReplayGuard.Verdict.FRESH, guard.check(LOBBY, 1, 5 + ReplayGuard.WINDOW + 9, now.get()),
                "inside the moved window, never seen");
        assertEquals(ReplayGuard.Verdict.STALE, guard.check(LOBBY, 3, 1, now.get() - 60_001), "too old");
        assertEquals(ReplayGuard.Verdict.STALE, guard.check(LOBBY, 3, 1, now.get() + 60_001), "too far ahead");
        assertEquals(ReplayGuard.Verdict.STALE, guard.check(LOBBY, 3, 1, 899_999), "sealed before this node started");
    }
}
