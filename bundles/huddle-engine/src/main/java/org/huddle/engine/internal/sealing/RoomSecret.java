package org.huddle.engine.internal.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The keys of an encrypted room, derived from its passphrase and name (docs/security.md): a slow and
 * memory-hard Argon2id room key (RFC 9106, Bouncy Castle's implementation), so that a captured datagram does not
 * let anyone try many passphrases fast, not even on graphics cards, nor a table of guesses be built cheaply for a
 * common room name; and from it one key per purpose (HKDF, RFC 5869): the AES-256-GCM key and the tag that names the key on the wire. The room
 * tag depends on the name alone, so that a node in the room can tell that someone uses its room with
 * another passphrase. Immutable; the passphrase itself is not kept.
 */
public final class RoomSecret {

    /**
     * Argon2id's memory, in KiB, with {@link #PASSES} and {@link #LANES}: RFC 9106's second recommended option
     * (64 MiB, 3 passes, 4 lanes), for machines that cannot spare 2 GiB. 0.2 to 0.6 s per join on the 2-core
     * build machine, where PBKDF2 with 600,000 iterations (the key of issue 7) took 0.13 to 0.55 s in the same
     * runs; each guess of an attacker costs the same 64 MiB, which is what keeps graphics cards from trying
     * billions.
     */
    static final int MEMORY_KIB = 64 * 1024;

    static final int PASSES = 3;

    static final int LANES = 4;

    /**
     * Below this length, a passphrase of fewer than {@link #STRONG_WORDS} words is told to be weak: whoever
     * captured one datagram of the room can try guesses offline for as long as they like.
     */
    static final int STRONG_LENGTH = 20;

    static final int STRONG_WORDS = 4;

    static final int TAG_BYTES = 8;

    /** Of the room tag and the HKDF labels: unchanged, so that older nodes in the room are told of another key. */
    private static final String VERSION = "huddle/v1/";

    /** Of the room key's derivation: v1 was PBKDF2-HMAC-SHA256 with 600,000 iterations. */
    private static final String KDF_VERSION = "huddle/v2/argon2id/";

    private final String room;
    private final SecretKeySpec encryption;
    private final byte[] roomTag;
    private final byte[] keyTag;

    private RoomSecret(String room, byte[] roomKey) {
        this.room = room;
        this.encryption = new SecretKeySpec(expand(roomKey, "aes-256-gcm", 32), "AES");
        this.roomTag = roomTag(room);
        this.keyTag = expand(roomKey, "key-tag", TAG_BYTES);
        Arrays.fill(roomKey, (byte) 0);
    }

    /** @return the room's keys with no network name: see {@link #derive(String, String, String)} */
    public static RoomSecret derive(String room, String passphrase) {
        return derive(room, passphrase, "");
    }

    /**
     * Derives the room's keys: slow on purpose (see {@link #MEMORY_KIB}).
     *
     * @param networkName mixed into the salt after the room's name (network.name), blank for none, so that a table
     *                    of guesses for a room name serves only the network it was built for
     * @throws IllegalArgumentException for an empty passphrase
     */
    public static RoomSecret derive(String room, String passphrase, String networkName) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new IllegalArgumentException("an empty passphrase protects nothing");
        }
        Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
        String salt = KDF_VERSION + "room/" + room + (networkName.isBlank() ? "" : "\u0000network/" + networkName.strip());
        argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(bytes(salt)).withMemoryAsKB(MEMORY_KIB).withIterations(PASSES).withParallelism(LANES).build());
        byte[] roomKey = new byte[32];
        char[] chars = passphrase.toCharArray();
        try {
            argon2.generateBytes(chars, roomKey);
        } finally {
            Arrays.fill(chars, '\0');
        }
        return new RoomSecret(room, roomKey);
    }

    /**
     * @return whether a passphrase is short enough that guessing it offline is a matter of time: fewer than
     *         {@link #STRONG_LENGTH} characters and fewer than {@link #STRONG_WORDS} words
     */
    public static boolean isWeak(String passphrase) {
        String stripped = passphrase.strip();
        return stripped.codePointCount(0, stripped.length()) < STRONG_LENGTH
                && stripped.split("[\\s\\p{Punct}]+").length < STRONG_WORDS;
    }

    /** @return the tag every sealed datagram of a room carries, whatever its passphrase */
    public static byte[] roomTag(String room) {
        return Arrays.copyOf(hmac(bytes(VERSION + "room-tag"), bytes(room)), TAG_BYTES);
    }

    public String room() {
        return room;
    }

    SecretKeySpec encryptionKey() {
        return encryption;
    }

    public byte[] roomTag() {
        return roomTag.clone();
    }

    public byte[] keyTag() {
        return keyTag.clone();
    }

    /** @return whether a datagram's tags name this secret, in constant time */
    public boolean matches(byte[] datagramRoomTag, byte[] datagramKeyTag) {
        return MessageDigest.isEqual(roomTag, datagramRoomTag) & MessageDigest.isEqual(keyTag, datagramKeyTag);
    }

    /** Secrets of one room and passphrase are equal: rooms with them share a channel's sealing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RoomSecret other && room.equals(other.room) && Arrays.equals(keyTag, other.keyTag);
    }

    @Override
    public int hashCode() {
        return room.hashCode() * 31 + Arrays.hashCode(keyTag);
    }

    /** Never the key: the tag only, which is on the wire anyway. */
    @Override
    public String toString() {
        return "RoomSecret[" + room + ", key " + HexFormat.of().formatHex(keyTag) + "]";
    }

    /** HKDF-Expand (RFC 5869, section 2.3) for outputs of at most one block, which is all this needs. */
    private static byte[] expand(byte[] prk, String info, int length) {
        byte[] input = Arrays.copyOf(bytes(VERSION + info), bytes(VERSION + info).length + 1);
        input[input.length - 1] = 1;
        return Arrays.copyOf(hmac(prk, input), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
