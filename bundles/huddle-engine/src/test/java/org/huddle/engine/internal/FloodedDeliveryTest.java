package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.huddle.api.ChatMessage;
import org.huddle.api.ChatStats;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One host floods the room's channel with garbage and valid-looking datagrams as fast as one thread can, while
 * alice says 100 messages: bob gets all of them once and in order, drops the flood as {@code rate-limited}
 * beyond its burst, and is told who floods.
 */
class FloodedDeliveryTest {

    private static final int MESSAGES = 100;
    private static final String FLOODER = "10.0.0.9";
    private static final long DEADLINE_NANOS = 30_000_000_000L;

    private final InVmTransport.Hub hub = new InVmTransport.Hub();
    private final RecordingListener aliceSees = new RecordingListener();
    private final RecordingListener bobSees = new RecordingListener();
    private final ChatEngine alice = ChatEngineTest.engine("alice", aliceSees, new InVmTransport("a", hub));
    private final ChatEngine bob = ChatEngineTest.engine("bob", bobSees, new InVmTransport("b", hub));

    @AfterEach
    void stop() {
        alice.deactivate();
        bob.deactivate();
    }

    @Test
    void anotherEnginesMessagesArriveInOrderWhileOneHostFloods() throws Exception {
        alice.join("lobby");
        bob.join("lobby");
        Flooder flooder = new Flooder(new InetSocketAddress(InetAddress.getByName(FLOODER), 7446));
        Thread flooding = new Thread(flooder, "flooder");
        long start = System.nanoTime();
        flooding.start();
        List<String> got = new ArrayList<>();
        try {
            flooder.awaitSent(50_000);
            for (int i = 1; i <= MESSAGES; i++) {
                alice.say("m" + i);
            }
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (got.size() < MESSAGES && System.nanoTime() < deadline) {
                ChatMessage m = bobSees.next();
                if (m.senderId().equals(alice.selfId())) {
                    got.add(m.content());
                }
            }
        } finally {
            flooder.stop.set(true);
            flooding.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            expected.add("m" + i);
        }
        assertEquals(expected, got, "alice's messages, once and in order");

        ChatStats stats = bob.stats();
        long limited = stats.dropped().get("rate-limited");
        System.out.printf("in-VM flood: %,d datagrams in %.1f s (%,.0f/s through both engines' receive paths); bob "
                + "dropped %,d as rate-limited, sent %,d NACKs%n", flooder.sent.get(), seconds,
                flooder.sent.get() / seconds, limited, stats.delivery().get("nacks-sent"));
        assertTrue(limited > flooder.sent.get() / 2, limited + " of " + flooder.sent.get() + " rate-limited");
        bobSees.awaitNotice(t -> t.matches(FLOODER.replace(".", "\\.")
                + " is flooding: [0-9,]+ datagrams dropped in the last minute"));
    }

    /** With dave's interval clock held, a limit's count is exact however slow the machine is. */
    @Test
    void theLimitIsConfiguredLiveAndABadValueIsRefused() throws Exception {
        RecordingListener daveSees = new RecordingListener();
        ChatEngine dave = ChatEngineTest.engine("dave", daveSees, new InVmTransport("d", hub), new TestTime().engineTime());
        try {
            dave.join("lobby");
            InetSocketAddress flooder = new InetSocketAddress(InetAddress.getByName(FLOODER), 7446);
            dave.modified(config(1, 5));
            garbage(flooder, 100);
            assertEquals(95, dave.stats().dropped().get("rate-limited"), "a burst of 5, then 1 a second");

            dave.modified(config(-1, 5));
            daveSees.awaitNotice(t -> t.startsWith("configuration refused: flood.rate -1"));
            garbage(flooder, 100);
            assertEquals(195, dave.stats().dropped().get("rate-limited"), "the previous limit is kept");

            dave.modified(config(0, 1));
            garbage(flooder, 100);
            assertEquals(195, dave.stats().dropped().get("rate-limited"), "no limit");
            assertEquals(300 - 195, dave.stats().dropped().get("not-json"));
        } finally {
            dave.deactivate();
        }
    }

    private void garbage(InetSocketAddress source, int datagrams) {
        for (int i = 0; i < datagrams; i++) {
            hub.deliver(InVmTransport.CHANNEL, ByteBuffer.wrap(new byte[] { '{', (byte) i }), source);
        }
    }

    private static ChatEngineConfig config(int rate, int burst) {
        return (ChatEngineConfig) Proxy.newProxyInstance(ChatEngineConfig.class.getClassLoader(),
                new Class<?>[] { ChatEngineConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> "dave";
                    case "flood_rate" -> rate;
                    case "flood_burst" -> burst;
                    default -> method.getDefaultValue();
                });
    }

    /** Garbage, cut and flipped copies of a real datagram, and well-formed messages of made-up senders. */
    private final class Flooder implements Runnable {
        final InetSocketAddress source;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong sent = new AtomicLong();
        private final Random random = new Random(7);
        private final MessageCodec codec = new JsonMessageCodec();

        Flooder(InetSocketAddress source) {
            this.source = source;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                hub.deliver(InVmTransport.CHANNEL, next(), source);
                sent.incrementAndGet();
            }
        }

        void awaitSent(long count) throws InterruptedException {
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (sent.get() < count) {
                assertTrue(System.nanoTime() < deadline, "the flooder is stuck at " + sent.get());
                Thread.sleep(1);
            }
        }

        private ByteBuffer next() {
            byte[] valid = valid();
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] garbage = new byte[1 + random.nextInt(1400)];
                    random.nextBytes(garbage);
                    return ByteBuffer.wrap(garbage);
                }
                case 1 -> {
                    return ByteBuffer.wrap(valid, 0, random.nextInt(valid.length));
                }
                case 2 -> {
                    valid[random.nextInt(valid.length)] ^= (byte) (1 << random.nextInt(8));
                    return ByteBuffer.wrap(valid);
                }
                default -> {
                    return ByteBuffer.wrap(valid);
                }
            }
        }

        /**
         * A datagram of a sender made up for it: a message in lobby or another room (early in its numbering, so
         * that the gap before it is asked for, or late), a NACK, a hello or a probe.
         */
        private byte[] valid() {
            byte[] idBytes = new byte[8];
            random.nextBytes(idBytes);
            String id = HexFormat.of().formatHex(idBytes);
            String room = random.nextBoolean() ? "lobby" : "elsewhere";
            long now = System.currentTimeMillis();
            long seq = random.nextBoolean() ? 2 + random.nextInt(15) : 1 + random.nextInt(1000);
            Envelope e = switch (random.nextInt(5)) {
                case 0 -> new Envelope(Envelope.Type.NACK, id, "mallory", room, 0, now, "",
                        Envelope.Extras.nack(id, List.of(new Envelope.Range(1, seq))));
                case 1 -> new Envelope(Envelope.Type.HELLO, id, "mallory", "", 0, now, "",
                        Envelope.Extras.hello(List.of(), Map.of(room, seq)));
                case 2 -> new Envelope(Envelope.Type.PING, id, "mallory", "", seq, now, "who is there");
                default -> new Envelope(Envelope.Type.MESSAGE, id, "mallory", room, seq, now, "flood " + seq);
            };
            ByteBuffer b = codec.encode(e);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        }
    }
}
