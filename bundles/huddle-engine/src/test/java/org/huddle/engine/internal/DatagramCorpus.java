package org.huddle.engine.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Fragment;
import org.huddle.api.transport.Envelope.Range;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.delivery.MessageFragments;
import org.huddle.engine.internal.sealing.ReplayGuard;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;

/**
 * Real datagrams of every wire the engine hears, made by the real codecs and sealing, to fuzz from: each
 * type of Huddle's wire with and without its extras, a long text in parts, a replay, backchannel, the beacon
 * in both forms, and datagrams sealed for an encrypted room. Beside the fixed samples it generates new valid
 * datagrams at random (some senders over and over, so their numbering goes on; many once, so the engine's
 * tables fill up), with the edge values a field allows. Not thread safe: one per fuzzing thread.
 */
final class DatagramCorpus {

    /** Senders heard again and again: their windows deliver, hold and join parts. */
    private static final int REGULARS = 16;

    private static final List<String> HANDLES = List.of("alice", "bob", "\u202euser", "a\u200fb", "x".repeat(32),
            "\ud83d\ude00", "caf\u00e9", "bob");

    private static final List<String> CONTENTS = List.of("hello", "", "\u001b[2J\u001b[31mred", "line\nbreak\r\n",
            "\u202egnp.exe", "\ud800 lone", "\udfff", "\u0000\u0007\u007f\u0085\u009b", "\u2066iso\u2069",
            "\\u0041 \\\\ \"quoted\"", "\ud83d\ude00".repeat(40));

    private static final long[] EDGE_NUMBERS = { 0, 1, 2, 15, 16, 17, 63, 64, 65, 1000, 1001, Integer.MAX_VALUE,
            Long.MAX_VALUE - 1, Long.MAX_VALUE };

    private final MessageCodec huddle;
    private final MessageCodec backchannel;
    private final MessageCodec beacon;
    private final RoomSecret secret;
    private final Random random;
    private final List<String> targets;
    private final String[] regulars = new String[REGULARS];
    private final long[] nextSequence = new long[REGULARS];
    private final List<byte[]> samples = new ArrayList<>();
    private final byte[][] sealedLately = new byte[2 * ReplayGuard.WINDOW][];
    private long sealCounter;

    /**
     * @param secret  the encrypted room's, its name the room of datagrams sealed with it
     * @param targets node ids a {@code nack} may ask of, so that some are answered
     */
    DatagramCorpus(Codecs codecs, RoomSecret secret, Random random, List<String> targets) {
        this.huddle = codecs.huddle();
        this.backchannel = codecs.backchannel();
        this.beacon = codecs.beacon();
        this.secret = secret;
        this.random = random;
        this.targets = targets;
        for (int i = 0; i < REGULARS; i++) {
            regulars[i] = randomId();
            nextSequence[i] = 1;
        }
        long now = System.currentTimeMillis();
        String id = regulars[0];
        List<Envelope> clear = new ArrayList<>(List.of(
                new Envelope(Envelope.Type.MESSAGE, id, "alice", "lobby", 1, now, "caf\u00e9 \ud83d\ude00"),
                new Envelope(Envelope.Type.MESSAGE, id, "alice", "lobby", 2, now, "again", Extras.replayed()),
                new Envelope(Envelope.Type.HELLO, id, "alice", "", 0, now, "",
                        Extras.hello(List.of("10.0.0.7", "fe80::1"), Map.of("lobby", 2L, secret.room(), 7L))),
                new Envelope(Envelope.Type.BYE, id, "alice", "lobby", 0, now, ""),
                new Envelope(Envelope.Type.NACK, id, "alice", "lobby", 0, now, "",
                        Extras.nack(regulars[1], List.of(new Range(17, 19), new Range(23, 23)))),
                new Envelope(Envelope.Type.HISTORY_REQUEST, id, "alice", "lobby", 50, now, ""),
                new Envelope(Envelope.Type.ACK, id, "alice", "lobby", 256, now, "", Extras.ack(regulars[1])),
                new Envelope(Envelope.Type.PING, id, "alice", "", 42, now, "anyone?"),
                new Envelope(Envelope.Type.PONG, id, "bob", "lobby", 42, now, "bob in lobby")));
        List<String> parts = MessageFragments.parts(huddle, id, "alice", "lobby", "0123456789".repeat(300));
        for (int i = 0; i < parts.size(); i++) {
            clear.add(new Envelope(Envelope.Type.MESSAGE, id, "alice", "lobby", 3 + i, now, parts.get(i),
                    Extras.fragment(i + 1, parts.size())));
        }
        for (Envelope e : clear) {
            ByteBuffer datagram = huddle.encode(e);
            samples.add(bytes(datagram));
            samples.add(bytes(seal(datagram)));
        }
        samples.add(bytes(backchannel.encode(new Envelope(Envelope.Type.MESSAGE, "a1b2c3d4e5", "jp", "", 0, 0,
                "hello \u00e9"))));
        samples.add(bytes(beacon.encode(new Envelope(Envelope.Type.BEACON, "", "alice", "", 0, 0, ""))));
        for (String text : List.of("TEST", "ack", "very important data")) {
            samples.add(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    RoomSecret secret() {
        return secret;
    }

    /** @return the fixed samples: every type of every wire, and Huddle's also sealed */
    List<byte[]> samples() {
        return samples;
    }

    /** @return one of the fixed samples */
    byte[] sample() {
        return samples.get(random.nextInt(samples.size()));
    }

    /**
     * @return a datagram sealed for the encrypted room as a member would seal it, so it opens; mostly sealed
     *         now, sometimes long ago or far ahead (stale)
     */
    ByteBuffer seal(ByteBuffer clear) {
        long now = System.currentTimeMillis();
        long sealedAt = switch (random.nextInt(10)) {
            case 0 -> now - 600_000;
            case 1 -> now + 600_000;
            default -> now;
        };
        ByteBuffer sealed = SealedDatagram.seal(secret, random.nextInt(4) == 0 ? random.nextLong() : 0x5eed,
                ++sealCounter, sealedAt, clear);
        sealedLately[(int) (sealCounter % sealedLately.length)] = bytes(sealed);
        return sealed;
    }

    /** @return a datagram sealed lately, as someone who captured it would send it again */
    byte[] sealedAgain() {
        byte[] again = sealedLately[random.nextInt((int) Math.min(sealCounter, sealedLately.length))];
        return again == null ? samples.get(1) : again;
    }

    /** @return a valid datagram of Huddle's wire with fields drawn at random, edge values included */
    byte[] generated(String room) {
        Envelope e = envelope(room);
        try {
            return bytes(huddle.encode(e));
        } catch (IllegalArgumentException tooLong) {
            return bytes(huddle.encode(new Envelope(e.type(), e.senderId(), e.handle(), e.room(), e.sequence(),
                    e.timestamp(), "", e.extras())));
        }
    }

    /** @return a valid backchannel message from one of a few clients, or from someone new */
    byte[] generatedBackchannel() {
        String client = random.nextBoolean() ? "client-" + random.nextInt(8) : randomId();
        return bytes(backchannel.encode(new Envelope(Envelope.Type.MESSAGE, client,
                HANDLES.get(random.nextInt(HANDLES.size())), "", 0, 0, CONTENTS.get(random.nextInt(CONTENTS.size())))));
    }

    /** @return a valid beacon, as JSON or as the plain name the post's last caster sends */
    byte[] generatedBeacon() {
        String name = random.nextBoolean() ? HANDLES.get(random.nextInt(HANDLES.size())) : "peer" + randomId();
        return random.nextBoolean() ? name.getBytes(StandardCharsets.UTF_8)
                : bytes(beacon.encode(new Envelope(Envelope.Type.BEACON, "", name, "", 0, 0, "")));
    }

    private Envelope envelope(String room) {
        int regular = random.nextInt(REGULARS);
        boolean again = random.nextBoolean();
        String id = again ? regulars[regular] : randomId();
        String handle = HANDLES.get(random.nextInt(HANDLES.size()));
        long now = System.currentTimeMillis();
        long ts = switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> now - 3_600_000; // before anyone joined: goes to history
            case 2 -> Long.MAX_VALUE;
            default -> now - random.nextInt(1000);
        };
        String content = CONTENTS.get(random.nextInt(CONTENTS.size()));
        int kind = random.nextInt(100);
        if (kind < 45) {
            long seq = again ? nextSequence(regular) : edge(1);
            Extras extras = Extras.NONE;
            if (random.nextInt(5) == 0) {
                int count = 2 + random.nextInt(Fragment.MAX_COUNT - 1);
                extras = Extras.fragment(again ? (int) Math.min(count, 1 + (seq - 1) % count) : 1 + random.nextInt(count),
                        count);
            } else if (random.nextInt(10) == 0) {
                extras = Extras.replayed();
            }
            return new Envelope(Envelope.Type.MESSAGE, id, handle, room, seq, ts, content, extras);
        }
        if (kind < 60) {
            Map<String, Long> rooms = new LinkedHashMap<>();
            for (String r : List.of("lobby", secret.room(), "r" + random.nextInt(100))) {
                if (random.nextBoolean()) {
                    rooms.put(r, again ? nextSequence[regular] + random.nextInt(3) : edge(0));
                }
            }
            return new Envelope(Envelope.Type.HELLO, id, handle, "", 0, now, "",
                    Extras.hello(random.nextBoolean() ? List.of() : List.of("10.0.0." + random.nextInt(256)), rooms));
        }
        if (kind < 65) {
            return new Envelope(Envelope.Type.BYE, id, handle, random.nextBoolean() ? "" : room, 0, now, "");
        }
        if (kind < 74) {
            String of = random.nextBoolean() ? targets.get(random.nextInt(targets.size()))
                    : regulars[random.nextInt(REGULARS)];
            List<Range> missing = new ArrayList<>();
            long from = 1 + random.nextInt(50);
            for (int i = 1 + random.nextInt(4); i > 0 && from < Long.MAX_VALUE / 2; i--) {
                long to = from + random.nextInt(random.nextInt(10) == 0 ? 2000 : 5);
                missing.add(new Range(from, to));
                from = to + 1 + random.nextInt(5);
            }
            return new Envelope(Envelope.Type.NACK, id, handle, room, 0, now, "", Extras.nack(of, missing));
        }
        if (kind < 77) {
            String of = random.nextBoolean() ? targets.get(random.nextInt(targets.size()))
                    : regulars[random.nextInt(REGULARS)];
            return new Envelope(Envelope.Type.ACK, id, handle, room, edge(0), now, "", Extras.ack(of));
        }
        if (kind < 82) {
            return new Envelope(Envelope.Type.HISTORY_REQUEST, id, handle, room, 1 + random.nextInt(1000), ts, "");
        }
        return new Envelope(kind < 95 ? Envelope.Type.PING : Envelope.Type.PONG, id, handle,
                random.nextBoolean() ? "" : room, edge(0), now, content);
    }

    /** A regular's next number, now and then one skipped (a gap to repair), repeated or far ahead. */
    private long nextSequence(int regular) {
        long seq = nextSequence[regular];
        switch (random.nextInt(20)) {
            case 0 -> seq += 1 + random.nextInt(5);
            case 1 -> seq = Math.max(1, seq - 1 - random.nextInt(3));
            case 2 -> seq += 1000 + random.nextInt(5000);
            default -> {
                // next in line
            }
        }
        nextSequence[regular] = Math.min(seq + 1, Long.MAX_VALUE - 1);
        return seq;
    }

    private long edge(long least) {
        long n = random.nextBoolean() ? EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)] : 1 + random.nextInt(5000);
        return Math.max(least, n);
    }

    private String randomId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    static byte[] bytes(ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        return copy;
    }
}
