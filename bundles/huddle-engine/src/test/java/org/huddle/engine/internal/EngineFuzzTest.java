package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.JoinOptions;
import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.HistoryLineCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.channels.RoomSealing;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.delivery.Reassembly;
import org.huddle.engine.internal.delivery.ReceiveWindows;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.engine.internal.presence.Beacon;
import org.huddle.engine.internal.presence.PeerTable;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Generated and mutated datagrams (from a corpus of real ones: {@link DatagramCorpus}, {@link DatagramMutator})
 * through every codec and through an engine that is in an open room, an encrypted room and a backchannel room
 * and listens for beacons: straight into its receive path, and over an in-VM hub, so that sealed ones reach the
 * sealing. Nothing may escape but a {@link MalformedDatagramException} from a codec and nothing at all from
 * the engine; afterwards a real peer is still heard in both rooms, and no table is beyond its cap.
 *
 * <p>Reproducible: the seed is fixed and printed with the counts ({@code -Dhuddle.fuzz.seed=<n>} and
 * {@code -Dhuddle.fuzz.datagrams=<n>} change the run); timestamps come from the clock, so a failure also
 * prints the datagram, in hex.
 */
class EngineFuzzTest {

    /** Fuzzing loads the machine: longer than the module's deadline. */
    private static final java.time.Duration FUZZ_DEADLINE = java.time.Duration.ofSeconds(15);

    private static final long SEED = Long.getLong("huddle.fuzz.seed", 4844L);

    private static final int DATAGRAMS = Integer.getInteger("huddle.fuzz.datagrams", 100_000);

    private static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());

    private static final List<MessageCodec> EVERY_CODEC = List.of(CODECS.huddle(), CODECS.backchannel(),
            CODECS.beacon(), new HistoryLineCodec());

    private static final int HISTORY = 100;

    private static final String PASSPHRASE = "correct horse";

    private static final Channel BACKCHANNEL = InVmTransport.channel(Wire.BACKCHANNEL.defaultGroup(),
            Wire.BACKCHANNEL.defaultPort());

    /** Where a datagram is fed in. */
    private enum Route {
        RECEIVED, HUB, HUB_BACKCHANNEL, HUB_BEACON
    }

    private final InVmTransport.Hub hub = new InVmTransport.Hub(true);
    private final List<ChatEngine> running = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentSkipListMap<>(); // warnings come from engine threads

    @AfterEach
    void stop() {
        running.forEach(ChatEngine::deactivate);
        hub.close();
    }

    /** Keeps what a peer says and counts the rest: a fuzzed engine delivers a lot, none of it worth keeping. */
    private static final class Listener implements ChatListener {
        final Map<String, ChatMessage> from = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
        final AtomicLong notices = new AtomicLong();
        volatile String peer = "";

        @Override
        public void message(ChatMessage m) {
            messages.computeIfAbsent(m.room(), r -> new AtomicLong()).incrementAndGet();
            if (m.senderId().equals(peer)) {
                from.put(m.room() + " " + m.content(), m);
            }
        }

        @Override
        public void notice(Notice notice) {
            notices.incrementAndGet();
        }
    }

    private ChatEngine start(String handle, Listener sees) {
        ChatEngine e = new ChatEngine(handle, HISTORY, CODECS, HistoryStore.inMemory(), ChatEngine.DEFAULT_HOLD_MILLIS,
                (m, t) -> count("warning " + m));
        e.listeners(List.of(sees));
        e.bindTransport(new InVmTransport(handle, hub));
        running.add(e);
        return e;
    }

    @Test
    void hostileDatagramsNeitherEscapeNorFillTheEngineAndAPeerIsStillHeard() throws Exception {
        long started = System.nanoTime();
        Listener sees = new Listener();
        ChatEngine victim = start("victim", sees);
        ChatEngine alice = start("alice", new Listener());
        sees.peer = alice.selfId();
        JoinOptions encrypted = new JoinOptions(Wire.HUDDLE, List.of(), 0, PASSPHRASE);
        for (ChatEngine e : List.of(victim, alice)) {
            e.join("lobby");
            e.join("plans", encrypted);
        }
        victim.join("bc", new JoinOptions(Wire.BACKCHANNEL, List.of(), 0));
        victim.beacon(true);

        Random random = new Random(SEED);
        DatagramCorpus corpus = new DatagramCorpus(CODECS, RoomSecret.derive("plans", PASSPHRASE), random,
                List.of(victim.selfId(), alice.selfId()));
        assertEquals(EnumSet.complementOf(EnumSet.of(Envelope.Type.BEACON)), typesOf(corpus),
                "the corpus has every type of Huddle's wire, in clear and sealed");
        DatagramMutator mutator = new DatagramMutator(random, corpus::sample);
        List<InetSocketAddress> sources = sources(random);
        for (int i = 0; i < DATAGRAMS; i++) {
            Route route = Route.values()[weighted(random, 40, 40, 12, 8)];
            byte[] datagram = datagram(route, corpus, mutator, random);
            decodeEverywhere(datagram);
            feed(victim, route, datagram, sources.get(random.nextInt(sources.size())));
            if (i % 2000 == 1999) {
                hub.drain(); // a network drops what a receiver cannot keep up with; the hub would queue it all
            }
        }
        hub.drain();
        System.out.printf("fuzz seed %d: %,d datagrams fed in %d ms (%s)%n", SEED, DATAGRAMS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), counts);
        System.out.println("fuzz mutations: " + mutator.counts());
        System.out.println("fuzz victim: " + victim.stats().dropped() + ", delivered " + victim.stats().delivered()
                + " (messages by room " + sees.messages + " and " + sees.notices + " notices to the front end), "
                + victim.stats().delivery());

        alice.say("lobby", "still there?");
        alice.say("plans", "still there, sealed?");
        await(() -> sees.from.containsKey("lobby still there?") && sees.from.containsKey("plans still there, sealed?"),
                "victim hears alice in both rooms after the fuzzing; heard " + sees.from.keySet());
        assertEquals(List.of(), hub.escaped, "thrown out of a receive path");
        for (String room : List.of("lobby", "plans", "bc")) {
            assertTrue(sees.messages.containsKey(room), "nothing fuzzed got through to " + room + ": " + sees.messages);
        }

        Map<String, Integer> caps = new LinkedHashMap<>();
        caps.put("peers", PeerTable.MAX_PEERS);
        caps.put("presence", Presence.MAX_PEERS);
        caps.put("windows", Inbox.MAX_STREAMS);
        caps.put("held", Inbox.MAX_STREAMS * ReceiveWindows.MAX_HELD);
        caps.put("reassembly", Reassembly.MAX_PENDING);
        caps.put("replay-guard", RoomSealing.MAX_SENDERS);
        caps.put("history", HISTORY);
        Map<String, Integer> sizes = victim.tableSizes();
        System.out.println("fuzz tables after: " + sizes + ", caps " + caps);
        caps.forEach((table, cap) -> assertTrue(sizes.get(table) <= cap, table + " " + sizes.get(table) + " > " + cap));
        // A gap is given up after the hold time, whatever held it: nothing stays held back for good.
        await(() -> victim.tableSizes().get("held") == 0, "held messages released; " + victim.tableSizes());

    }

    /** @return the types of the corpus's samples of Huddle's wire, found in clear and sealed alike */
    private static Set<Envelope.Type> typesOf(DatagramCorpus corpus) throws Exception {
        Set<Envelope.Type> clear = EnumSet.noneOf(Envelope.Type.class);
        Set<Envelope.Type> sealed = EnumSet.noneOf(Envelope.Type.class);
        RoomSecret secret = corpus.secret();
        for (byte[] sample : corpus.samples()) {
            ByteBuffer datagram = ByteBuffer.wrap(sample);
            try {
                if (SealedDatagram.isSealed(datagram)) {
                    sealed.add(CODECS.huddle().decode(SealedDatagram.open(secret, datagram).datagram()).type());
                } else {
                    clear.add(CODECS.huddle().decode(datagram).type());
                }
            } catch (MalformedDatagramException otherWire) {
                // backchannel, beacon and plain text
            } catch (SealedDatagram.Unopened oversized) {
                // a full-size clear sample sealed: longer than any node seals, refused before it is opened
            }
        }
        assertEquals(clear, sealed);
        return clear;
    }

    private byte[] datagram(Route route, DatagramCorpus corpus, DatagramMutator mutator, Random random) {
        String room = random.nextInt(4) == 0 ? "plans" : random.nextInt(10) == 0 ? "elsewhere" : "lobby";
        if (route == Route.HUB_BACKCHANNEL || route == Route.HUB_BEACON) {
            byte[] valid = route == Route.HUB_BACKCHANNEL ? corpus.generatedBackchannel() : corpus.generatedBeacon();
            return random.nextBoolean() ? valid : mutator.mutate(valid, 3);
        }
        int kind = weighted(random, 20, 10, 10, 45, 5, 10, 4);
        if (route != Route.HUB && (kind == 1 || kind == 4 || kind == 6)) {
            kind = 3; // a sealed datagram fed straight in would never reach the sealing
        }
        return switch (kind) {
            case 0 -> counted("generated", corpus.generated(room));
            case 1 -> counted("generated, sealed",
                    DatagramCorpus.bytes(corpus.seal(ByteBuffer.wrap(corpus.generated("plans")))));
            case 2 -> counted("sample, mutated", mutator.mutate(corpus.sample(), 4));
            case 3 -> counted("generated, mutated", mutator.mutate(corpus.generated(room), 4));
            case 4 -> counted("mutated, sealed",
                    DatagramCorpus.bytes(corpus.seal(ByteBuffer.wrap(mutator.mutate(corpus.generated("plans"), 3)))));
            case 5 -> counted("random bytes", mutator.randomBytes());
            default -> counted("sealed, sent again", corpus.sealedAgain());
        };
    }

    private byte[] counted(String kind, byte[] datagram) {
        count(kind);
        return datagram;
    }

    private void feed(ChatEngine victim, Route route, byte[] datagram, InetSocketAddress source) {
        count("route " + route.name().toLowerCase());
        switch (route) {
            case RECEIVED -> {
                try {
                    victim.received(ByteBuffer.wrap(datagram), source);
                } catch (Throwable t) {
                    fail("the receive path threw " + t + " with seed " + SEED + " on " + HexFormat.of().formatHex(datagram), t);
                }
            }
            case HUB -> hub.deliver(InVmTransport.CHANNEL, ByteBuffer.wrap(datagram), source);
            case HUB_BACKCHANNEL -> hub.deliver(BACKCHANNEL, ByteBuffer.wrap(datagram), source);
            case HUB_BEACON -> hub.deliver(Beacon.CHANNEL, ByteBuffer.wrap(datagram), source);
        }
    }

    /** Every codec hears every program's traffic: ports are shared, and people point programs anywhere. */
    private void decodeEverywhere(byte[] datagram) {
        for (MessageCodec codec : EVERY_CODEC) {
            try {
                Envelope e = codec.decode(ByteBuffer.wrap(datagram));
                count(codec.format() + " decoded");
                try {
                    codec.encode(e); // what was read may be sent on (a reply, a relay): only length may be refused
                } catch (IllegalArgumentException tooLong) {
                    count(codec.format() + " not encoded again");
                }
            } catch (MalformedDatagramException expected) {
                count(codec.format() + " " + expected.reason().label());
            } catch (Throwable t) {
                fail(codec.format() + " threw " + t + " with seed " + SEED + " on " + HexFormat.of().formatHex(datagram), t);
            }
        }
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** Many sources, as a LAN has; addresses nobody routes, though nothing here leaves the JVM. */
    private static List<InetSocketAddress> sources(Random random) throws UnknownHostException {
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            sources.add(new InetSocketAddress(InetAddress.getByAddress(new byte[] { (byte) 198, 51, 100, (byte) i }),
                    1024 + random.nextInt(60_000)));
        }
        return sources;
    }

    private static int weighted(Random random, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(FUZZ_DEADLINE, condition::getAsBoolean, what);
    }
}
