package org.huddle.api.transport;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns {@link Envelope}s into datagrams and back. Never opens a socket.
 */
@ProviderType
public interface MessageCodec {

    /** Service property: the wire format a codec speaks, for example {@code huddle/1}. */
    String FORMAT = "huddle.codec.format";

    /** {@link #FORMAT} of Huddle's own wire. @since 1.1 */
    String HUDDLE_FORMAT = "huddle/1";

    /** {@link #FORMAT} of backchannel's chat messages: {@code {client_id, handle, content}}. @since 1.1 */
    String BACKCHANNEL_FORMAT = "backchannel";

    /** {@link #FORMAT} of the discovery beacon of seed 004: {@code {"username": ...}}. @since 1.1 */
    String BEACON_FORMAT = "beacon";

    /**
     * The largest datagram Huddle sends or accepts, in bytes: what fits one unfragmented UDP packet on a
     * 1280-byte-MTU IPv6 path (1280 - 40 IPv6 header - 8 UDP header).
     */
    int MAX_DATAGRAM = 1232;

    /** @return the wire format, as in {@link #FORMAT} */
    String format();

    /**
     * @return the largest datagram this format sends, in bytes: {@link #MAX_DATAGRAM} for Huddle's wire, less
     *         where the programs of another wire read less (backchannel reads 1024 bytes, the beacon
     *         listeners 120)
     * @since 1.1
     */
    default int maxDatagram() {
        return MAX_DATAGRAM;
    }

    /**
     * Encodes an envelope.
     *
     * @param envelope what to send
     * @return the datagram, from position 0 to its limit
     * @throws IllegalArgumentException when the encoded form would be longer than {@link #maxDatagram()}, or
     *                                  the format has no such type
     */
    ByteBuffer encode(Envelope envelope);

    /**
     * Decodes a datagram. Never throws anything but {@link MalformedDatagramException}, whatever the bytes.
     *
     * @param datagram the bytes, from position to limit; not kept after the call
     * @return the envelope
     * @throws MalformedDatagramException when the bytes are not a valid datagram of this format
     */
    Envelope decode(ByteBuffer datagram) throws MalformedDatagramException;
}
