package org.huddle.engine.internal.sealing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.huddle.api.transport.MessageCodec;

/**
 * The sealed form of a datagram of an encrypted room (docs/security.md): a clear header that says which
 * room and key, then AES-256-GCM over the sender, its datagram counter, the time of sealing and the
 * datagram of Huddle's wire, with the header as associated data, so nothing of it can be changed unseen.
 *
 * <pre>
 * 0  2  magic "HS" (never the start of a JSON text or of an origin program's datagram)
 * 2  1  version 1
 * 3  8  room tag   (RoomSecret.roomTag: the room's name, whatever the passphrase)
 * 11 8  key tag    (which passphrase)
 * 19 12 nonce      (random for every datagram)
 * 31 …  ciphertext of: sender id (8 bytes) | counter (8) | sealed at, ms since 1970 (8) | datagram
 *    16 GCM tag
 * </pre>
 */
public final class SealedDatagram {

    static final byte MAGIC_0 = 'H';
    static final byte MAGIC_1 = 'S';
    static final byte VERSION = 1;
    static final int HEADER = 3 + 2 * RoomSecret.TAG_BYTES + 12;
    static final int INNER_HEADER = 24;
    private static final int GCM_TAG = 16;

    /** What sealing adds to a datagram of Huddle's wire. */
    public static final int OVERHEAD = HEADER + INNER_HEADER + GCM_TAG;

    /** What an opened datagram says beyond its content. */
    public record Opened(long sender, long counter, long sealedAt, ByteBuffer datagram) {
    }

    /** Why a datagram that looks sealed was not opened. */
    public static final class Unopened extends Exception {
        private static final long serialVersionUID = 1L;

        Unopened(String message) {
            super(message, null, false, false);
        }
    }

    /*
     * Each thread keeps its own ciphers and nonce source: Cipher.getInstance looks the provider up every
     * time (more than the encryption of a short datagram costs), a Cipher is not thread safe, and the
     * shared default SecureRandom takes a lock and reads /dev/urandom. A DRBG per thread, seeded from the
     * system's entropy once, gives random nonces without either. Re-initialising a GCM cipher with a new
     * nonce for every datagram is what it is made for.
     */
    private static final ThreadLocal<Cipher> SEALING = ThreadLocal.withInitial(SealedDatagram::gcm);
    private static final ThreadLocal<Cipher> OPENING = ThreadLocal.withInitial(SealedDatagram::gcm);
    private static final ThreadLocal<SecureRandom> NONCES = ThreadLocal.withInitial(SealedDatagram::drbg);

    private SealedDatagram() {
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is part of every Java 17 runtime", e);
        }
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom(); // DRBG is in every Java 9+ runtime; should a vendor drop it, the default
        }
    }

    /** @return whether a datagram is in the sealed form (a look at its first two bytes) */
    public static boolean isSealed(ByteBuffer datagram) {
        int p = datagram.position();
        return datagram.remaining() >= 2 && datagram.get(p) == MAGIC_0 && datagram.get(p + 1) == MAGIC_1;
    }

    public static ByteBuffer seal(RoomSecret secret, long sender, long counter, long sealedAt, ByteBuffer datagram) {
        byte[] nonce = new byte[12];
        NONCES.get().nextBytes(nonce);
        ByteBuffer out = ByteBuffer.allocate(OVERHEAD + datagram.remaining());
        out.put(MAGIC_0).put(MAGIC_1).put(VERSION).put(secret.roomTag()).put(secret.keyTag()).put(nonce);
        ByteBuffer plain = ByteBuffer.allocate(INNER_HEADER + datagram.remaining());
        plain.putLong(sender).putLong(counter).putLong(sealedAt).put(datagram.duplicate()).flip();
        try {
            Cipher gcm = SEALING.get();
            gcm.init(Cipher.ENCRYPT_MODE, secret.encryptionKey(), new GCMParameterSpec(GCM_TAG * 8, nonce));
            gcm.updateAAD(out.array(), 0, HEADER);
            gcm.doFinal(plain, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is part of every Java 17 runtime", e);
        }
        return out.flip();
    }

    /** @return the room tag of a sealed datagram ({@link #isSealed} said so), or {@code null} when too short */
    public static byte[] roomTag(ByteBuffer sealed) {
        return sealed.remaining() < OVERHEAD ? null : tag(sealed, 3);
    }

    public static byte[] keyTag(ByteBuffer sealed) {
        return sealed.remaining() < OVERHEAD ? null : tag(sealed, 3 + RoomSecret.TAG_BYTES);
    }

    private static byte[] tag(ByteBuffer sealed, int offset) {
        byte[] tag = new byte[RoomSecret.TAG_BYTES];
        sealed.duplicate().position(sealed.position() + offset).get(tag);
        return tag;
    }

    /**
     * @param secret the secret whose tags the datagram carries
     * @throws Unopened when the datagram is cut short, of another version, or fails authentication
     */
    public static Opened open(RoomSecret secret, ByteBuffer sealed) throws Unopened {
        if (sealed.remaining() < OVERHEAD) {
            throw new Unopened("sealed datagram of " + sealed.remaining() + " bytes, shorter than its "
                    + OVERHEAD + "-byte frame");
        }
        if (sealed.remaining() > MessageCodec.MAX_DATAGRAM) {
            throw new Unopened("sealed datagram of " + sealed.remaining() + " bytes, longer than any sealed one ("
                    + MessageCodec.MAX_DATAGRAM + ")");
        }
        byte[] bytes = new byte[sealed.remaining()];
        sealed.duplicate().get(bytes);
        if (bytes[2] != VERSION) {
            throw new Unopened("sealed datagram of version " + bytes[2] + "; this node reads version " + VERSION);
        }
        byte[] plain;
        try {
            Cipher gcm = OPENING.get();
            gcm.init(Cipher.DECRYPT_MODE, secret.encryptionKey(),
                    new GCMParameterSpec(GCM_TAG * 8, Arrays.copyOfRange(bytes, HEADER - 12, HEADER)));
            gcm.updateAAD(bytes, 0, HEADER);
            plain = gcm.doFinal(bytes, HEADER, bytes.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new Unopened("sealed datagram fails authentication: changed, or sealed with another key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is part of every Java 17 runtime", e);
        }
        ByteBuffer inner = ByteBuffer.wrap(plain);
        return new Opened(inner.getLong(), inner.getLong(), inner.getLong(), inner.slice());
    }
}
