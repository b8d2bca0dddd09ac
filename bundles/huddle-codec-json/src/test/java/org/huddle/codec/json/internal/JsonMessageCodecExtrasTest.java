package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Fragment;
import org.huddle.api.transport.Envelope.Range;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The types and fields of presence and repair (since 1.2) on Huddle's wire. */
class JsonMessageCodecExtrasTest {

    private static final String ID = "0123456789abcdef";

    private static final String OF = "fedcba9876543210";

    private static final String HEAD = "{\"v\":1,\"type\":";

    private final JsonMessageCodec codec = new JsonMessageCodec();

    private static Envelope envelope(Envelope.Type type, String room, long seq, Extras extras) {
        return new Envelope(type, ID, "bob", room, seq, 1_700_000_000_000L, "", extras);
    }

    private static Map<String, Long> rooms(Object... roomThenSeq) {
        Map<String, Long> rooms = new LinkedHashMap<>();
        for (int i = 0; i < roomThenSeq.length; i += 2) {
            rooms.put((String) roomThenSeq[i], ((Number) roomThenSeq[i + 1]).longValue());
        }
        return rooms;
    }

    static Stream<Arguments> everyNewTypeAndField() {
        return Stream.of(
                envelope(Envelope.Type.HELLO, "", 0, Extras.hello(List.of("10.0.0.7", "fe80::1"),
                        rooms("lobby", 42, "#dev", 7, "a", 0))),
                envelope(Envelope.Type.HELLO, "", 0, Extras.hello(List.of("10.0.0.7"), Map.of())),
                envelope(Envelope.Type.HELLO, "", 0, Extras.hello(List.of(), rooms("lobby", Long.MAX_VALUE))),
                envelope(Envelope.Type.HELLO, "", 0, Extras.NONE),
                envelope(Envelope.Type.BYE, "", 0, Extras.NONE),
                envelope(Envelope.Type.BYE, "lobby", 0, Extras.NONE),
                envelope(Envelope.Type.NACK, "lobby", 0, Extras.nack(OF, List.of(new Range(17, 19), new Range(23, 23)))),
                envelope(Envelope.Type.NACK, "lobby", 0, Extras.nack(OF, List.of(new Range(1, Long.MAX_VALUE)))),
                envelope(Envelope.Type.HISTORY_REQUEST, "lobby", 1, Extras.NONE),
                envelope(Envelope.Type.HISTORY_REQUEST, "lobby", 1000, Extras.NONE),
                envelope(Envelope.Type.ACK, "lobby", 0, Extras.ack(OF)),
                envelope(Envelope.Type.ACK, "lobby", Long.MAX_VALUE, Extras.ack(OF)),
                envelope(Envelope.Type.MESSAGE, "lobby", 57, Extras.fragment(2, 5)),
                envelope(Envelope.Type.MESSAGE, "lobby", 57, Extras.fragment(64, 64)),
                envelope(Envelope.Type.MESSAGE, "lobby", 57, Extras.fragment(Fragment.MAX_COUNT, Fragment.MAX_COUNT)),
                envelope(Envelope.Type.MESSAGE, "lobby", 3, Extras.replayed()),
                envelope(Envelope.Type.MESSAGE, "lobby", 3,
                        new Extras(new Fragment(1, 2), true, List.of(), Map.of(), "", List.of())))
                .map(e -> Arguments.of(e.type() + " " + e.extras(), e));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyNewTypeAndField")
    void roundTrips(String name, Envelope e) throws Exception {
        Envelope back = codec.decode(codec.encode(e));
        assertEquals(e, back);
        assertEquals(new ArrayList<>(e.extras().rooms().keySet()), new ArrayList<>(back.extras().rooms().keySet()),
                "rooms keep their order");
    }

    @Test
    void withoutExtrasTheExtrasAreNoneItself() throws Exception {
        assertSame(Extras.NONE, codec.decode(codec.encode(envelope(Envelope.Type.BYE, "", 0, Extras.NONE))).extras());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            hello    | "hello","id":"0123456789abcdef","handle":"bob","room":"","seq":0,"ts":1700000000000,"content":"","addrs":["10.0.0.7","fe80::1"],"rooms":{"lobby":42,"#dev":7}}
            bye      | "bye","id":"0123456789abcdef","handle":"bob","room":"lobby","seq":0,"ts":1700000000000,"content":""}
            nack     | "nack","id":"0123456789abcdef","handle":"bob","room":"lobby","seq":0,"ts":1700000000000,"content":"","of":"fedcba9876543210","missing":[[17,19],[23,23]]}
            history? | "history?","id":"0123456789abcdef","handle":"bob","room":"lobby","seq":50,"ts":1700000000000,"content":""}
            ack      | "ack","id":"0123456789abcdef","handle":"bob","room":"lobby","seq":1042,"ts":1700000000000,"content":"","of":"fedcba9876543210"}
            frag     | "msg","id":"0123456789abcdef","handle":"bob","room":"lobby","seq":57,"ts":1700000000000,"content":"","frag":[2,5]}
            replay   | "msg","id":"0123456789abcdef","handle":"bob","room":"lobby","seq":57,"ts":1700000000000,"content":"","frag":[1,2],"replay":true}
            """)
    void writesTheDocumentedLayout(String example, String json) {
        Envelope e = switch (example) {
            case "hello" -> envelope(Envelope.Type.HELLO, "", 0,
                    Extras.hello(List.of("10.0.0.7", "fe80::1"), rooms("lobby", 42, "#dev", 7)));
            case "bye" -> envelope(Envelope.Type.BYE, "lobby", 0, Extras.NONE);
            case "nack" -> envelope(Envelope.Type.NACK, "lobby", 0,
                    Extras.nack(OF, List.of(new Range(17, 19), new Range(23, 23))));
            case "history?" -> envelope(Envelope.Type.HISTORY_REQUEST, "lobby", 50, Extras.NONE);
            case "ack" -> envelope(Envelope.Type.ACK, "lobby", 1042, Extras.ack(OF));
            case "frag" -> envelope(Envelope.Type.MESSAGE, "lobby", 57, Extras.fragment(2, 5));
            default -> envelope(Envelope.Type.MESSAGE, "lobby", 57,
                    new Extras(new Fragment(1, 2), true, List.of(), Map.of(), "", List.of()));
        };
        assertEquals(HEAD + json, StandardCharsets.UTF_8.decode(codec.encode(e)).toString());
    }

    @Test
    void readsAFalseReplayAsNone() throws Exception {
        Envelope e = decode(HEAD + "\"msg\",\"id\":\"" + ID + "\",\"handle\":\"a\",\"room\":\"r\",\"seq\":1,\"ts\":1,"
                + "\"content\":\"c\",\"replay\":false}");
        assertSame(Extras.NONE, e.extras());
    }

    @Test
    void ignoresTheExtrasOfOtherTypesLikeUnknownFields() throws Exception {
        Envelope bye = decode(HEAD + "\"bye\",\"id\":\"" + ID + "\",\"handle\":\"a\",\"room\":\"\",\"seq\":0,\"ts\":1,"
                + "\"content\":\"\",\"frag\":\"?\",\"replay\":1,\"addrs\":{},\"rooms\":[],\"of\":2,\"missing\":3}");
        assertSame(Extras.NONE, bye.extras());
        Envelope msg = decode(HEAD + "\"msg\",\"id\":\"" + ID + "\",\"handle\":\"a\",\"room\":\"r\",\"seq\":1,\"ts\":1,"
                + "\"content\":\"\",\"addrs\":[\"x\"],\"of\":\"" + OF + "\",\"missing\":[[1,1]]}");
        assertSame(Extras.NONE, msg.extras());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            hello with a room         | "hello","room":"lobby","seq":0
            hello, negative seq       | "hello","room":"","seq":-1
            hello, addrs not array    | "hello","room":"","seq":0,"addrs":"10.0.0.7"
            hello, address not string | "hello","room":"","seq":0,"addrs":[7]
            hello, empty address      | "hello","room":"","seq":0,"addrs":[""]
            hello, address control    | "hello","room":"","seq":0,"addrs":["10.0.0.7\\n"]
            hello, 65-char address    | "hello","room":"","seq":0,"addrs":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
            hello, 17 addresses       | "hello","room":"","seq":0,"addrs":["a","a","a","a","a","a","a","a","a","a","a","a","a","a","a","a","a"]
            hello, rooms not object   | "hello","room":"","seq":0,"rooms":[["lobby",1]]
            hello, bad room name      | "hello","room":"","seq":0,"rooms":{"no spaces":1}
            hello, empty room name    | "hello","room":"","seq":0,"rooms":{"":1}
            hello, negative room seq  | "hello","room":"","seq":0,"rooms":{"lobby":-1}
            hello, room seq string    | "hello","room":"","seq":0,"rooms":{"lobby":"1"}
            hello, room seq fraction  | "hello","room":"","seq":0,"rooms":{"lobby":1.5}
            hello, room seq too big   | "hello","room":"","seq":0,"rooms":{"lobby":99999999999999999999}
            bye, bad room             | "bye","room":"no spaces","seq":0
            bye, negative seq         | "bye","room":"","seq":-1
            nack, no room             | "nack","room":"","seq":0,"of":"fedcba9876543210","missing":[[1,1]]
            nack, no of               | "nack","room":"r","seq":0,"missing":[[1,1]]
            nack, of not hex          | "nack","room":"r","seq":0,"of":"FEDCBA9876543210","missing":[[1,1]]
            nack, of a number         | "nack","room":"r","seq":0,"of":7,"missing":[[1,1]]
            nack, no missing          | "nack","room":"r","seq":0,"of":"fedcba9876543210"
            nack, empty missing       | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[]
            nack, missing not array   | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":{"1":1}
            nack, range of three      | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[1,2,3]]
            nack, range flat          | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[1,2]
            nack, range of strings    | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[["1","2"]]
            nack, range from 0        | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[0,2]]
            nack, range backwards     | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[5,2]]
            nack, range too big       | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[1,99999999999999999999]]
            nack, ranges descending   | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[5,6],[1,2]]
            nack, ranges overlapping  | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[1,5],[5,6]]
            nack, ranges repeated     | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[1,1],[1,1]]
            nack, 33 ranges           | "nack","room":"r","seq":0,"of":"fedcba9876543210","missing":[[1,1],[3,3],[5,5],[7,7],[9,9],[11,11],[13,13],[15,15],[17,17],[19,19],[21,21],[23,23],[25,25],[27,27],[29,29],[31,31],[33,33],[35,35],[37,37],[39,39],[41,41],[43,43],[45,45],[47,47],[49,49],[51,51],[53,53],[55,55],[57,57],[59,59],[61,61],[63,63],[65,65]]
            ack, no room              | "ack","room":"","seq":5,"of":"fedcba9876543210"
            ack, no of                | "ack","room":"r","seq":5
            ack, of not hex           | "ack","room":"r","seq":5,"of":"FEDCBA9876543210"
            ack, negative seq         | "ack","room":"r","seq":-1,"of":"fedcba9876543210"
            history?, no room         | "history?","room":"","seq":50
            history?, count 0         | "history?","room":"r","seq":0
            history?, count 1001      | "history?","room":"r","seq":1001
            msg, frag not array       | "msg","room":"r","seq":1,"frag":2
            msg, frag of one          | "msg","room":"r","seq":1,"frag":[2]
            msg, frag of strings      | "msg","room":"r","seq":1,"frag":["1","2"]
            msg, frag index 0         | "msg","room":"r","seq":1,"frag":[0,2]
            msg, frag past count      | "msg","room":"r","seq":1,"frag":[3,2]
            msg, frag of 129          | "msg","room":"r","seq":1,"frag":[1,129]
            msg, frag huge            | "msg","room":"r","seq":1,"frag":[1,9999999999]
            msg, frag fraction        | "msg","room":"r","seq":1,"frag":[1.0,2]
            msg, frag null            | "msg","room":"r","seq":1,"frag":null
            msg, replay string        | "msg","room":"r","seq":1,"replay":"true"
            msg, replay number        | "msg","room":"r","seq":1,"replay":1
            """)
    void refusesMalformedExtrasAsInvalidFields(String name, String fields) {
        String json = HEAD + fields + ",\"id\":\"" + ID + "\",\"handle\":\"a\",\"ts\":1,\"content\":\"\"}";
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class, () -> decode(json));
        assertEquals(Reason.INVALID_FIELD, e.reason(), e.getMessage());
    }

    static Stream<Arguments> unsendable() {
        String address = "a".repeat(WireExtras.MAX_ADDRESS_LENGTH);
        List<String> manyAddresses = Stream.generate(() -> address).limit(WireExtras.MAX_ADDRESSES).toList();
        Map<String, Long> manyRooms = new LinkedHashMap<>();
        for (int i = 0; i < WireExtras.MAX_ROOMS; i++) {
            manyRooms.put(String.format("%064d", i), Long.MAX_VALUE);
        }
        Map<String, Long> tooManyRooms = new LinkedHashMap<>(manyRooms);
        tooManyRooms.put("one-more", 1L);
        List<Range> tooManyRanges = LongStream.rangeClosed(1, WireExtras.MAX_RANGES + 1)
                .mapToObj(n -> new Range(2 * n, 2 * n)).toList();
        return Stream.of(
                Arguments.of("frag on a hello", envelope(Envelope.Type.HELLO, "", 0, Extras.fragment(1, 2))),
                Arguments.of("replay on a nack", envelope(Envelope.Type.NACK, "r", 0,
                        new Extras(null, true, List.of(), Map.of(), OF, List.of(new Range(1, 1))))),
                Arguments.of("addrs on a msg", envelope(Envelope.Type.MESSAGE, "r", 1, Extras.hello(List.of("a"), Map.of()))),
                Arguments.of("rooms on a bye", envelope(Envelope.Type.BYE, "", 0, Extras.hello(List.of(), rooms("r", 1)))),
                Arguments.of("of on a hello", envelope(Envelope.Type.HELLO, "", 0, Extras.nack(OF, List.of()))),
                Arguments.of("missing on a ping", envelope(Envelope.Type.PING, "", 0, Extras.nack("", List.of(new Range(1, 1))))),
                Arguments.of("17 addresses", envelope(Envelope.Type.HELLO, "", 0,
                        Extras.hello(Stream.concat(manyAddresses.stream(), Stream.of("b")).toList(), Map.of()))),
                Arguments.of("65 rooms", envelope(Envelope.Type.HELLO, "", 0, Extras.hello(List.of(), tooManyRooms))),
                Arguments.of("a bad room name", envelope(Envelope.Type.HELLO, "", 0, Extras.hello(List.of(), rooms("a b", 1)))),
                Arguments.of("a negative room seq", envelope(Envelope.Type.HELLO, "", 0, Extras.hello(List.of(), rooms("r", -1)))),
                Arguments.of("a nack of nobody", envelope(Envelope.Type.NACK, "r", 0, Extras.nack("", List.of(new Range(1, 1))))),
                Arguments.of("an ack of nobody", envelope(Envelope.Type.ACK, "r", 5, Extras.ack(""))),
                Arguments.of("an ack of a bad id", envelope(Envelope.Type.ACK, "r", 5, Extras.ack("ABCDEF0123456789"))),
                Arguments.of("missing on an ack", envelope(Envelope.Type.ACK, "r", 5,
                        Extras.nack(OF, List.of(new Range(1, 1))))),
                Arguments.of("a nack of nothing", envelope(Envelope.Type.NACK, "r", 0, Extras.nack(OF, List.of()))),
                Arguments.of("33 ranges", envelope(Envelope.Type.NACK, "r", 0, Extras.nack(OF, tooManyRanges))),
                Arguments.of("overlapping ranges", envelope(Envelope.Type.NACK, "r", 0,
                        Extras.nack(OF, List.of(new Range(1, 3), new Range(3, 4))))),
                Arguments.of("a hello over 1232 bytes", envelope(Envelope.Type.HELLO, "", 0,
                        Extras.hello(manyAddresses, manyRooms))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsendable")
    void refusesToEncodeWhatEveryReceiverWouldDrop(String name, Envelope e) {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(e));
    }

    /** A trillion messages in one room is beyond any run of a node, so such a nack always fits. */
    @Test
    void thirtyTwoRangesOfTwelveDigitNumbersFitOneDatagramWithTheLongestNames() throws Exception {
        long base = 999_999_000_000L;
        List<Range> ranges = LongStream.range(0, WireExtras.MAX_RANGES)
                .mapToObj(n -> new Range(base + 4 * n, base + 4 * n + 2)).toList();
        Envelope nack = new Envelope(Envelope.Type.NACK, ID, "\ud83d\ude00".repeat(32), "r".repeat(64), 0,
                1_700_000_000_000L, "", Extras.nack(OF, ranges));
        ByteBuffer datagram = codec.encode(nack);
        assertTrue(datagram.remaining() <= MessageCodec.MAX_DATAGRAM, datagram.remaining() + " bytes");
        assertEquals(nack, codec.decode(datagram));
    }

    private Envelope decode(String json) throws MalformedDatagramException {
        return codec.decode(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }
}
