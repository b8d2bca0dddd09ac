package org.huddle.codec.json.internal;

import static org.huddle.api.transport.MalformedDatagramException.Reason.EMPTY;
import static org.huddle.api.transport.MalformedDatagramException.Reason.INVALID_FIELD;
import static org.huddle.api.transport.MalformedDatagramException.Reason.NOT_JSON;
import static org.huddle.api.transport.MalformedDatagramException.Reason.OVERSIZED;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.huddle.api.transport.MalformedDatagramException;

/**
 * Jackson, hardened for reading one JSON object per datagram and writing one, shared by every codec of this
 * bundle. Thread-safe.
 */
final class DatagramMapper {

    private final ObjectMapper mapper;
    private final int maxReadBytes;

    /** @param maxReadBytes the longest datagram {@link #read} accepts; longer ones are {@code oversized} */
    DatagramMapper(int maxReadBytes) {
        this.maxReadBytes = maxReadBytes;
        // A datagram is short, so tight limits cost nothing and bound hostile input before it costs memory.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(maxReadBytes)
                        .maxNumberLength(32)
                        .maxDocumentLength(maxReadBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // An emoji then takes 4 bytes instead of a 12-byte escaped pair, so more text fits a datagram;
                // a lone surrogate is still escaped, so the bytes are always valid UTF-8.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Reads exactly one JSON value from a datagram, any kind: telling an object from the rest is the format's
     * business, because formats count a non-object differently.
     *
     * @throws MalformedDatagramException {@code empty}, {@code oversized} or {@code not-json}
     */
    JsonNode read(ByteBuffer datagram) throws MalformedDatagramException {
        int length = datagram.remaining();
        if (length == 0) {
            throw new MalformedDatagramException(EMPTY, "empty datagram");
        }
        if (length > maxReadBytes) {
            throw new MalformedDatagramException(OVERSIZED, length + " bytes, more than " + maxReadBytes);
        }
        JsonNode root;
        try {
            if (datagram.hasArray()) {
                root = mapper.readTree(datagram.array(), datagram.arrayOffset() + datagram.position(), length);
            } else {
                root = mapper.readTree(bytes(datagram));
            }
        } catch (IOException | RuntimeException e) {
            // Jackson reports bad UTF-8, cut-off input and broken limits all as exceptions: one reason.
            throw new MalformedDatagramException(NOT_JSON, "not JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedDatagramException(NOT_JSON, "not JSON: only white space");
        }
        return root;
    }

    /**
     * @param limit the longest datagram the format may send
     * @throws IllegalArgumentException when the encoded form is longer than {@code limit} bytes; the message
     *                                  says both numbers
     */
    ByteBuffer write(Object value, int limit) {
        byte[] bytes = write(value);
        if (bytes.length > limit) {
            throw new IllegalArgumentException(
                    "encoded message is " + bytes.length + " bytes; at most " + limit + " fit in one datagram");
        }
        return ByteBuffer.wrap(bytes);
    }

    /** @return the UTF-8 JSON of a value, whatever its length */
    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    /** @return the datagram's bytes from position to limit, leaving the buffer as it was */
    static byte[] bytes(ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        return copy;
    }

    /** @return the string value of a field */
    static String text(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw invalid(field, node == null ? "is missing" : "is not a string");
        }
        return node.textValue();
    }

    static MalformedDatagramException invalid(String field, String problem) {
        return new MalformedDatagramException(INVALID_FIELD, "\"" + field + "\" " + problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
