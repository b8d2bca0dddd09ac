package org.huddle.api.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Fragment;
import org.huddle.api.transport.Envelope.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeTest {

    @Test
    void theConstructorOfBefore12GivesNoExtras() {
        Envelope e = new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "alice", "lobby", 1, 2, "hi");
        assertSame(Extras.NONE, e.extras());
        assertEquals(e, new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "alice", "lobby", 1, 2, "hi",
                Extras.NONE));
    }

    @Test
    void extrasAreNeverNull() {
        assertThrows(NullPointerException.class,
                () -> new Envelope(Envelope.Type.HELLO, "0123456789abcdef", "alice", "", 0, 2, "", null));
    }

    @Test
    void noneCarriesNothing() {
        assertNull(Extras.NONE.fragment());
        assertFalse(Extras.NONE.replay());
        assertTrue(Extras.NONE.addresses().isEmpty());
        assertTrue(Extras.NONE.rooms().isEmpty());
        assertEquals("", Extras.NONE.of());
        assertTrue(Extras.NONE.missing().isEmpty());
    }

    @Test
    void factoriesSetOnlyTheirOwnFields() {
        assertEquals(new Extras(new Fragment(2, 5), false, List.of(), Map.of(), "", List.of()), Extras.fragment(2, 5));
        assertEquals(new Extras(null, true, List.of(), Map.of(), "", List.of()), Extras.replayed());
        assertEquals(new Extras(null, false, List.of("10.0.0.7"), Map.of("lobby", 42L), "", List.of()),
                Extras.hello(List.of("10.0.0.7"), Map.of("lobby", 42L)));
        assertEquals(new Extras(null, false, List.of(), Map.of(), "0123456789abcdef", List.of(new Range(3, 4))),
                Extras.nack("0123456789abcdef", List.of(new Range(3, 4))));
    }

    @Test
    void roomsKeepTheirOrderAndCannotBeChangedThroughTheCallersMap() {
        Map<String, Long> rooms = new LinkedHashMap<>();
        for (String room : List.of("zeta", "alpha", "#dev", "mid", "beta")) {
            rooms.put(room, (long) room.length());
        }
        Extras extras = Extras.hello(List.of(), rooms);
        rooms.put("later", 1L);
        assertEquals(List.of("zeta", "alpha", "#dev", "mid", "beta"), new ArrayList<>(extras.rooms().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> extras.rooms().put("x", 1L));
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<String> addresses = new ArrayList<>(List.of("10.0.0.7"));
        List<Range> missing = new ArrayList<>(List.of(new Range(1, 2)));
        Extras hello = Extras.hello(addresses, Map.of());
        Extras nack = Extras.nack("0123456789abcdef", missing);
        addresses.add("fe80::1");
        missing.add(new Range(5, 5));
        assertEquals(List.of("10.0.0.7"), hello.addresses());
        assertEquals(List.of(new Range(1, 2)), nack.missing());
        assertThrows(UnsupportedOperationException.class, () -> hello.addresses().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> nack.missing().clear());
    }

    @Test
    void nullsAreRefusedEverywhere() {
        assertThrows(NullPointerException.class, () -> Extras.hello(null, Map.of()));
        assertThrows(NullPointerException.class, () -> Extras.hello(Arrays.asList("a", null), Map.of()));
        assertThrows(NullPointerException.class, () -> Extras.hello(List.of(), null));
        Map<String, Long> nullSeq = new HashMap<>();
        nullSeq.put("lobby", null);
        assertThrows(NullPointerException.class, () -> Extras.hello(List.of(), nullSeq));
        Map<String, Long> nullRoom = new HashMap<>();
        nullRoom.put(null, 1L);
        assertThrows(NullPointerException.class, () -> Extras.hello(List.of(), nullRoom));
        assertThrows(NullPointerException.class, () -> Extras.nack(null, List.of()));
        assertThrows(NullPointerException.class, () -> Extras.nack("", null));
        assertThrows(NullPointerException.class, () -> Extras.nack("", Arrays.asList((Range) null)));
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({ "1, 1", "1, 64", "64, 64", "1, 128", "128, 128", "3, 5" })
    void fragmentsWithinOneToOneHundredTwentyEightAreValid(int index, int count) {
        assertEquals(index, new Fragment(index, count).index());
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({ "0, 1", "-1, 5", "2, 1", "129, 129", "1, 129", "0, 0" })
    void fragmentsOutsideAreRefused(int index, int count) {
        assertThrows(IllegalArgumentException.class, () -> new Fragment(index, count));
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({ "1, 1", "1, 9223372036854775807", "17, 19" })
    void rangesFromOneUpAreValid(long from, long to) {
        assertEquals(to, new Range(from, to).to());
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({ "0, 0", "0, 5", "-3, 2", "5, 4" })
    void emptyOrNonPositiveRangesAreRefused(long from, long to) {
        assertThrows(IllegalArgumentException.class, () -> new Range(from, to));
    }
}
