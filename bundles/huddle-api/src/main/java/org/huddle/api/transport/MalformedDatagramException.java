package org.huddle.api.transport;

import java.util.Objects;

/**
 * A datagram that a {@link MessageCodec} cannot turn into an {@link Envelope}, with the reason, so that
 * the engine can count drops by reason.
 */
public class MalformedDatagramException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a datagram was refused; {@link #label()} is the name shown in statistics. */
    public enum Reason {
        /** Longer than {@link MessageCodec#MAX_DATAGRAM}. */
        OVERSIZED("oversized"),
        /** No bytes at all. */
        EMPTY("empty"),
        /**
         * Not one JSON value, or cut off. Before 1.3 also JSON beyond the format's limits and invalid UTF-8, which
         * are now {@link #TOO_DEEP}, {@link #TOO_LONG} and {@link #BAD_UTF8}.
         */
        NOT_JSON("not-json"),
        /** JSON, but not an object of Huddle's format (for example another program's traffic). */
        FOREIGN("foreign"),
        /** Huddle's format, but a version this node does not speak. */
        UNSUPPORTED_VERSION("unsupported-version"),
        /** A type this node does not know. */
        UNKNOWN_TYPE("unknown-type"),
        /** A required field is missing, or a field has the wrong kind or range. */
        INVALID_FIELD("invalid-field"),
        /** Sealed for an encrypted room, but cut short, of another version, or changed (fails authentication). @since 1.3 */
        BAD_SEAL("bad-seal"),
        /** Sealed for a room and key this node does not have. @since 1.3 */
        NO_KEY("no-key"),
        /** Sealed too long ago or too far ahead of this node's clock, or before this node started. @since 1.3 */
        STALE("stale"),
        /** Sealed, authentic, and older than what its sender was already heard at: sent again by someone else. @since 1.3 */
        REPLAYED("replayed"),
        /** JSON nested deeper than the format allows (arrays or objects within one another). @since 1.3 */
        TOO_DEEP("too-deep"),
        /** A string, number or field name longer than the format allows. @since 1.3 */
        TOO_LONG("too-long"),
        /** Not valid UTF-8: a byte sequence that encodes no character, or encodes one in a form UTF-8 forbids. @since 1.3 */
        BAD_UTF8("bad-utf8"),
        /**
         * Over the rate its source host may send at: dropped before it is decoded or opened, so a flood costs
         * little. @since 1.3
         */
        RATE_LIMITED("rate-limited"),
        /**
         * Framed as a bundle of several datagrams, but cut short, of another version, or holding fewer than two
         * parts or an empty one. @since 1.5
         */
        BAD_BUNDLE("bad-bundle");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** @return the stable name used in statistics, for example {@code not-json} */
        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public MalformedDatagramException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public MalformedDatagramException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the datagram was refused */
    public Reason reason() {
        return reason;
    }
}
