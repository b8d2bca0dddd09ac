package org.huddle.codec.json.internal;

import static org.huddle.codec.json.internal.DatagramMapper.invalid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.huddle.api.Names;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Fragment;
import org.huddle.api.transport.Envelope.Range;
import org.huddle.api.transport.MalformedDatagramException;

/**
 * The fields of presence and repair ({@code frag}, {@code replay}, {@code addrs}, {@code rooms}, {@code of},
 * {@code missing}): which type carries which, and their limits. One set of rules for both directions, so a
 * node never sends what its peers drop.
 */
final class WireExtras {

    static final int MAX_ADDRESSES = 16;

    static final int MAX_ADDRESS_LENGTH = 64;

    static final int MAX_ROOMS = 64;

    static final int MAX_RANGES = 32;

    private WireExtras() {
    }

    /**
     * Reads the extras of a type. Fields that the type does not use are ignored like unknown ones, so a later
     * version may add them to more types.
     *
     * @throws MalformedDatagramException {@code invalid-field} for a field of the wrong JSON type or out of range
     */
    static Extras read(Envelope.Type type, JsonNode root) throws MalformedDatagramException {
        Extras extras = switch (type) {
            case MESSAGE -> new Extras(fragment(root.get("frag")), flag(root, "replay"), List.of(), Map.of(), "",
                    List.of());
            case HELLO -> Extras.hello(addresses(root.get("addrs")), rooms(root.get("rooms")));
            case NACK -> Extras.nack(DatagramMapper.text(root, "of"), missing(root.get("missing")));
            case ACK -> Extras.ack(DatagramMapper.text(root, "of"));
            default -> Extras.NONE;
        };
        check(type, extras);
        return extras.equals(Extras.NONE) ? Extras.NONE : extras;
    }

    /**
     * Checks that a type carries only the extras it uses, each within the wire's limits.
     *
     * @throws MalformedDatagramException {@code invalid-field}, naming the field
     */
    static void check(Envelope.Type type, Extras x) throws MalformedDatagramException {
        if (x.fragment() != null && type != Envelope.Type.MESSAGE) {
            throw invalid("frag", "is only for a msg");
        }
        if (x.replay() && type != Envelope.Type.MESSAGE) {
            throw invalid("replay", "is only for a msg");
        }
        if (type != Envelope.Type.HELLO && !(x.addresses().isEmpty() && x.rooms().isEmpty())) {
            throw invalid(x.addresses().isEmpty() ? "rooms" : "addrs", "is only for a hello");
        }
        if (type != Envelope.Type.NACK && !x.missing().isEmpty()) {
            throw invalid("missing", "is only for a nack");
        }
        if (type != Envelope.Type.NACK && type != Envelope.Type.ACK && !x.of().isEmpty()) {
            throw invalid("of", "is only for a nack or an ack");
        }
        if (x.addresses().size() > MAX_ADDRESSES) {
            throw invalid("addrs", "has more than " + MAX_ADDRESSES + " addresses");
        }
        for (String address : x.addresses()) {
            if (!WireText.isName(address, MAX_ADDRESS_LENGTH)) {
                throw invalid("addrs", "has an address that is not 1 to " + MAX_ADDRESS_LENGTH
                        + " characters without control characters");
            }
        }
        if (x.rooms().size() > MAX_ROOMS) {
            throw invalid("rooms", "has more than " + MAX_ROOMS + " rooms");
        }
        for (Map.Entry<String, Long> room : x.rooms().entrySet()) {
            if (!Names.isRoom(room.getKey())) {
                throw invalid("rooms", "has an invalid room name");
            }
            if (room.getValue() < 0) {
                throw invalid("rooms", "has a negative sequence number for " + room.getKey());
            }
        }
        if (type == Envelope.Type.NACK) {
            checkNack(x);
        }
        if (type == Envelope.Type.ACK && !WireFormat.SENDER_ID.matcher(x.of()).matches()) {
            throw invalid("of", "is not 16 lower-case hex digits");
        }
    }

    private static void checkNack(Extras x) throws MalformedDatagramException {
        if (!WireFormat.SENDER_ID.matcher(x.of()).matches()) {
            throw invalid("of", "is not 16 lower-case hex digits");
        }
        if (x.missing().isEmpty() || x.missing().size() > MAX_RANGES) {
            throw invalid("missing", "does not have 1 to " + MAX_RANGES + " ranges");
        }
        long last = 0;
        for (Range range : x.missing()) {
            if (range.from() <= last) {
                throw invalid("missing", "has ranges that overlap or are out of order");
            }
            last = range.to();
        }
    }

    private static Fragment fragment(JsonNode node) throws MalformedDatagramException {
        if (node == null) {
            return null;
        }
        if (!isPair(node) || !node.get(0).canConvertToInt() || !node.get(1).canConvertToInt()) {
            throw invalid("frag", "is not a pair of integers [index, count]");
        }
        try {
            return new Fragment(node.get(0).intValue(), node.get(1).intValue());
        } catch (IllegalArgumentException e) {
            throw invalid("frag", "is not 1 <= index <= count <= " + Fragment.MAX_COUNT);
        }
    }

    private static boolean flag(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid(field, "is not true or false");
        }
        return node.booleanValue();
    }

    private static List<String> addresses(JsonNode node) throws MalformedDatagramException {
        if (node == null) {
            return List.of();
        }
        // Sizes are checked before reading the elements, so a long array costs no more than its size.
        if (!node.isArray() || node.size() > MAX_ADDRESSES) {
            throw invalid("addrs", "is not an array of at most " + MAX_ADDRESSES + " strings");
        }
        List<String> addresses = new ArrayList<>(node.size());
        for (JsonNode address : node) {
            if (!address.isTextual()) {
                throw invalid("addrs", "has an address that is not a string");
            }
            addresses.add(address.textValue());
        }
        return addresses;
    }

    private static Map<String, Long> rooms(JsonNode node) throws MalformedDatagramException {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject() || node.size() > MAX_ROOMS) {
            throw invalid("rooms", "is not an object of at most " + MAX_ROOMS + " rooms");
        }
        Map<String, Long> rooms = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> room : node.properties()) {
            if (!room.getValue().isIntegralNumber() || !room.getValue().canConvertToLong()) {
                throw invalid("rooms", "has a sequence number that is not an integer");
            }
            rooms.put(room.getKey(), room.getValue().longValue());
        }
        return rooms;
    }

    private static List<Range> missing(JsonNode node) throws MalformedDatagramException {
        if (node == null || !node.isArray() || node.size() > MAX_RANGES) {
            throw invalid("missing", node == null ? "is missing" : "is not an array of at most " + MAX_RANGES + " ranges");
        }
        List<Range> missing = new ArrayList<>(node.size());
        for (JsonNode range : node) {
            if (!isPair(range) || !range.get(0).canConvertToLong() || !range.get(1).canConvertToLong()) {
                throw invalid("missing", "has a range that is not a pair of integers [from, to]");
            }
            try {
                missing.add(new Range(range.get(0).longValue(), range.get(1).longValue()));
            } catch (IllegalArgumentException e) {
                throw invalid("missing", "has a range that is not 1 <= from <= to");
            }
        }
        return missing;
    }

    private static boolean isPair(JsonNode node) {
        return node.isArray() && node.size() == 2 && node.get(0).isIntegralNumber() && node.get(1).isIntegralNumber();
    }
}
