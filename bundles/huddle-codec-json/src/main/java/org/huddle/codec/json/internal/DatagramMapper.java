package org.huddle.codec.json.internal;

import static org.huddle.api.transport.MalformedDatagramException.Reason.BAD_UTF8;
import static org.huddle.api.transport.MalformedDatagramException.Reason.EMPTY;
import static org.huddle.api.transport.MalformedDatagramException.Reason.INVALID_FIELD;
import static org.huddle.api.transport.MalformedDatagramException.Reason.NOT_JSON;
import static org.huddle.api.transport.MalformedDatagramException.Reason.OVERSIZED;
import static org.huddle.api.transport.MalformedDatagramException.Reason.TOO_DEEP;
import static org.huddle.api.transport.MalformedDatagramException.Reason.TOO_LONG;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
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

    /** Arrays and objects within one another: Huddle's deepest field ({@code missing}) is at 3. */
    static final int MAX_NESTING = 8;

    /** Digits of a number: a long has at most 19, so nothing Huddle sends comes near, and nothing longer is read. */
    static final int MAX_NUMBER_LENGTH = 32;

    private final ObjectMapper mapper;
    private final JsonFactory known;
    private final int maxReadBytes;

    /** @param maxReadBytes the longest datagram {@link #read} accepts; longer ones are {@code oversized} */
    DatagramMapper(int maxReadBytes) {
        this(maxReadBytes, maxReadBytes);
    }

    /**
     * @param maxStringLength the longest string or field name, in characters; as long as the datagram is no limit
     *                        at all, since every character takes at least one byte
     */
    DatagramMapper(int maxReadBytes, int maxStringLength) {
        this.maxReadBytes = maxReadBytes;
        // A datagram is short, so tight limits cost nothing and bound hostile input before it costs memory.
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(maxStringLength)
                .maxNameLength(maxStringLength)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxDocumentLength(maxReadBytes)
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Field names are not kept in Jackson's shared symbol table: there every new name a sender makes up
                // would cost a copy of the table, and names chosen to collide would fill it.
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                // An emoji then takes 4 bytes instead of a 12-byte escaped pair, so more text fits a datagram;
                // a lone surrogate is still escaped, so the bytes are always valid UTF-8.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        // For EnvelopeReader alone, which knows every name it accepts and tells duplicates itself: with a symbol
        // table, names are matched without a string made of each, and only names it accepted reach the table.
        this.known = JsonFactory.builder()
                .streamReadConstraints(limits)
                // Buffers from a pool of its own rather than a thread-local one: on the receive thread Jackson's
                // thread-local lookup missed its slot every time (15% of the thread's samples in a recording).
                .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * Reads exactly one JSON value from a datagram, any kind: telling an object from the rest is the format's
     * business, because formats count a non-object differently.
     *
     * @throws MalformedDatagramException {@code empty}, {@code oversized}, {@code bad-utf8}, {@code too-deep},
     *                                    {@code too-long} or {@code not-json}
     */
    JsonNode read(ByteBuffer datagram) throws MalformedDatagramException {
        check(datagram);
        return tree(datagram);
    }

    /**
     * What every datagram must pass before it is parsed at all.
     *
     * @throws MalformedDatagramException {@code empty}, {@code oversized} or {@code bad-utf8}
     */
    void check(ByteBuffer datagram) throws MalformedDatagramException {
        int length = datagram.remaining();
        if (length == 0) {
            throw new MalformedDatagramException(EMPTY, "empty datagram");
        }
        if (length > maxReadBytes) {
            throw new MalformedDatagramException(OVERSIZED, length + " bytes, more than " + maxReadBytes);
        }
        // Jackson's own decoder lets overlong forms and encoded surrogates through, and reports the rest of bad
        // UTF-8 like any syntax error.
        int start = datagram.hasArray() ? datagram.arrayOffset() + datagram.position() : 0;
        int bad = datagram.hasArray() ? Utf8Check.firstMalformed(datagram.array(), start, start + length)
                : Utf8Check.firstMalformed(bytes(datagram), 0, length);
        if (bad >= 0) {
            throw new MalformedDatagramException(BAD_UTF8, "not UTF-8 at byte " + (bad - start));
        }
    }

    /** Reads one JSON value of a datagram that passed {@link #check}, as a tree. */
    JsonNode tree(ByteBuffer datagram) throws MalformedDatagramException {
        JsonNode root;
        try {
            if (datagram.hasArray()) {
                root = mapper.readTree(datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining());
            } else {
                root = mapper.readTree(bytes(datagram));
            }
        } catch (IOException | RuntimeException e) {
            throw refused(e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedDatagramException(NOT_JSON, "not JSON: only white space");
        }
        return root;
    }

    /** The hardened factory, for reading and writing a stream of tokens where a tree is not needed. */
    JsonFactory factory() {
        return mapper.getFactory();
    }

    /**
     * The factory of {@link EnvelopeReader}: the same limits, names kept in a symbol table, no duplicate
     * detection. Whoever reads with it must close a parser only after it accepted every name it read, since
     * closing adds the names to the table shared by all parsers of the factory.
     */
    JsonFactory knownNamesFactory() {
        return known;
    }

    /**
     * Jackson tells a broken limit by a {@link StreamConstraintsException} whose message names the limit (one
     * class for all of them), and everything else, cut-off input included, by other exceptions.
     */
    private static MalformedDatagramException refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                String message = String.valueOf(limit.getMessage());
                if (message.contains("getMaxNestingDepth")) {
                    return new MalformedDatagramException(TOO_DEEP, "nested deeper than " + MAX_NESTING + " levels", e);
                }
                if (message.contains("getMaxDocumentLength")) {
                    return new MalformedDatagramException(OVERSIZED, firstLine(message), e);
                }
                // strings, field names and numbers (their digits, a decimal's scale)
                return new MalformedDatagramException(TOO_LONG, firstLine(message), e);
            }
        }
        return new MalformedDatagramException(NOT_JSON, "not JSON: " + firstLine(e.getMessage()), e);
    }

    /**
     * @param limit the longest datagram the format may send
     * @throws IllegalArgumentException when the encoded form is longer than {@code limit} bytes; the message
     *                                  says both numbers
     */
    ByteBuffer write(Object value, int limit) {
        return fit(write(value), limit);
    }

    /**
     * @throws IllegalArgumentException when {@code bytes} are more than {@code limit}; the message says both
     *                                  numbers
     */
    static ByteBuffer fit(byte[] bytes, int limit) {
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
