package org.huddle.transport.jgroups.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what JGroups writes on a TCP connection with the cluster's secret: each frame (one message or one batch,
 * as JGroups' transport hands it to its server) becomes {@code version(1) nonce(12) AES-256-GCM(frame)}, the
 * version byte authenticated with it. A frame that does not open with the key (a stranger's, or tampered with)
 * never reaches JGroups' parsing, so a node parses only what a holder of the secret wrote.
 *
 * <p>The key is PBKDF2-HMAC-SHA256 of the secret, salted with the cluster's name (the engine derives a room's key
 * the same way): slow once per activation, so that a frame someone captured does not make guessing the secret
 * cheap. Nonces are random (96 bits): a key may seal about 2^32 frames before a repeat becomes likely, about
 * five days of a whole cluster sending 10,000 frames a second without pause.
 */
final class FrameSeal {

    /** The first byte of every sealed frame: another layout would take another number. */
    static final byte VERSION = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** What sealing adds to a frame. */
    static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;
    /** As the engine's room keys (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    static final int ITERATIONS = 600_000;
    /** A secret shorter than this is refused: it would be guessed from one captured frame. */
    static final int MIN_SECRET_LENGTH = 16;
    private static final String SALT_PREFIX = "huddle/1/jgroups/";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private FrameSeal(SecretKey key) {
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_LENGTH}
     */
    static FrameSeal derive(String secret, String cluster) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret has " + secret.length() + " characters; give it at least "
                    + MIN_SECRET_LENGTH + " (for example the output of: openssl rand -base64 24)");
        }
        char[] chars = secret.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, (SALT_PREFIX + cluster).getBytes(StandardCharsets.UTF_8), ITERATIONS,
                256);
        try {
            byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            try {
                return new FrameSeal(new SecretKeySpec(raw, "AES"));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    /** @return the sealed frame, {@link #OVERHEAD} bytes longer */
    byte[] seal(byte[] frame, int offset, int length) {
        byte[] sealed = new byte[OVERHEAD + length];
        sealed[0] = VERSION;
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(sealed, 0, 1);
            cipher.doFinal(frame, offset, length, sealed, 1 + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java 17 runtime", e);
        }
    }

    /** @return the frame, or empty when these bytes were not sealed with this key (or were changed since) */
    Optional<byte[]> open(byte[] sealed, int offset, int length) {
        if (length < OVERHEAD || sealed[offset] != VERSION) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, offset + 1, NONCE_BYTES));
            cipher.updateAAD(sealed, offset, 1);
            return Optional.of(cipher.doFinal(sealed, offset + 1 + NONCE_BYTES, length - 1 - NONCE_BYTES));
        } catch (javax.crypto.AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java 17 runtime", e);
        }
    }
}
