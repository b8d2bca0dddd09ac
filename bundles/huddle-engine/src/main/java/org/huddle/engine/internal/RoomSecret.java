package org.huddle.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of an encrypted room, derived from its passphrase and name (docs/security.md): a slow PBKDF2
 * room key, so that a captured datagram does not let anyone try many passphrases fast, and from it one key
 * per purpose (HKDF, RFC 5869): the AES-256-GCM key and the tag that names the key on the wire. The room
 * tag depends on the name alone, so that a node in the room can tell that someone uses its room with
 * another passphrase. Immutable; the passphrase itself is not kept.
 */
final class RoomSecret {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about 0.2 to 0.5 s per join on the build machine. */
    static final int ITERATIONS = 600_000;

    static final int TAG_BYTES = 8;

    private static final String VERSION = "huddle/v1/";

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

    /**
     * Derives the room's keys: slow on purpose (see {@link #ITERATIONS}).
     *
     * @throws IllegalArgumentException for an empty passphrase
     */
    static RoomSecret derive(String room, String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new IllegalArgumentException("an empty passphrase protects nothing");
        }
        char[] chars = passphrase.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, (VERSION + "room/" + room).getBytes(StandardCharsets.UTF_8),
                ITERATIONS, 256);
        try {
            return new RoomSecret(room, SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** @return the tag every sealed datagram of a room carries, whatever its passphrase */
    static byte[] roomTag(String room) {
        return Arrays.copyOf(hmac(bytes(VERSION + "room-tag"), bytes(room)), TAG_BYTES);
    }

    String room() {
        return room;
    }

    SecretKeySpec encryptionKey() {
        return encryption;
    }

    byte[] roomTag() {
        return roomTag.clone();
    }

    byte[] keyTag() {
        return keyTag.clone();
    }

    /** @return whether a datagram's tags name this secret, in constant time */
    boolean matches(byte[] datagramRoomTag, byte[] datagramKeyTag) {
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
