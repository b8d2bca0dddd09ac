package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.sealing.ReplayGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every reason {@code chat:stats} shows under {@code dropped.} is reached by its own cause on the network and
 * counted under that reason only: what the codec refuses, what sealed rooms refuse, and what the flood limit
 * drops. Engines on an in-VM hub; bob is in the open lobby and the encrypted room plans, and everything else
 * is sent by someone on the hub.
 */
class DropReasonsTest {

    private static final JoinOptions SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "correct horse");
    private static final JoinOptions OTHER_SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "battery staple");

    private final HubEngines engines = new HubEngines("tap");
    private final InVmTransport.Hub hub = engines.hub;
    private final RecordingListener bobSees = new RecordingListener();
    private ChatEngine bob;

    @AfterEach
    void stop() {
        engines.close();
    }

    @Test
    void eachReasonIsCountedForItsCauseAndNoOther() throws Exception {
        bob = engines.start("bob", bobSees, new TestTime().engineTime()); // held: the flood limit's count is exact
        bob.join("lobby");
        bob.join("plans", SECRET);
        ChatEngine alice = engines.start("alice", new RecordingListener());
        alice.join("plans", SECRET);

        String ok = "\"id\":\"00000000000000aa\",\"handle\":\"eve\",\"room\":\"lobby\",\"ts\":"
                + System.currentTimeMillis();
        expect(Reason.NOT_JSON, () -> clear("this is not {json"));
        expect(Reason.FOREIGN, () -> clear("{\"client_id\":\"x1\",\"handle\":\"eve\",\"content\":\"hi\"}"));
        expect(Reason.UNSUPPORTED_VERSION, () -> clear("{\"v\":2,\"type\":\"msg\"," + ok + ",\"seq\":1,\"content\":\"x\"}"));
        expect(Reason.UNKNOWN_TYPE, () -> clear("{\"v\":1,\"type\":\"zap\"," + ok + ",\"seq\":1,\"content\":\"x\"}"));
        expect(Reason.INVALID_FIELD, () -> clear("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":1}"));
        expect(Reason.EMPTY, () -> send(ByteBuffer.allocate(0)));
        expect(Reason.OVERSIZED, () -> send(ByteBuffer.allocate(MessageCodec.MAX_DATAGRAM + 1)));
        expect(Reason.TOO_DEEP, () -> clear("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":1,\"content\":[[[[[[[[[[\"d\"]]]]]]]]]]}"));
        expect(Reason.TOO_LONG, () -> clear("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":" + "9".repeat(40) + "}"));
        expect(Reason.BAD_BUNDLE, () -> send(ByteBuffer.wrap(new byte[] { 'H', 'B', 2, 0, 1, '{', 0, 1, '}' })));
        expect(Reason.BAD_UTF8, () -> send(ByteBuffer.wrap(("{\"v\":1,\"type\":\"msg\"," + ok
                + ",\"seq\":1,\"content\":\"caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1))));


        ByteBuffer first = said(alice, "first of many");
        expect(Reason.BAD_SEAL, () -> {
            ByteBuffer changed = copy(first);
            changed.put(changed.limit() - 1, (byte) (changed.get(changed.limit() - 1) ^ 1));
            send(changed);
        });
        for (int i = 0; i < ReplayGuard.WINDOW + 10; i++) {
            alice.say("plans", "more " + i);
            alice.flushSends(); // each sealed alone, not bundled: the guard counts datagrams
        }
        expect(Reason.REPLAYED, () -> send(copy(first)));
        ChatEngine dave = engines.start("dave", new RecordingListener());
        dave.join("plans", OTHER_SECRET);
        expectAtLeast(Reason.NO_KEY, () -> {
            dave.say("plans", "can anyone read this");
            dave.flushSends();
        });
        dave.deactivate(); // its hellos would go on counting while the next causes are checked
        ChatEngine farAhead = engines.start("zoe", new RecordingListener(),
                TestTime.shifted(Duration.ofMinutes(10)).engineTime());
        farAhead.join("plans", SECRET);
        expectAtLeast(Reason.STALE, () -> {
            farAhead.say("plans", "from the future");
            farAhead.flushSends();
        });
        farAhead.deactivate();

        bob.floodLimit(1, 1);
        InetSocketAddress flooder = new InetSocketAddress("10.0.0.9", 7446); // the hub's senders are all 127.0.0.1
        expect(Reason.NOT_JSON, () -> hub.deliver(InVmTransport.CHANNEL, bytes("{"), flooder));
        expect(Reason.RATE_LIMITED, () -> hub.deliver(InVmTransport.CHANNEL, bytes("{"), flooder));

        Map<String, Long> dropped = bob.stats().dropped();
        assertEquals(Arrays.stream(Reason.values()).map(Reason::label).toList(), List.copyOf(dropped.keySet()),
                "every reason is shown, in the order of the API");
        for (Reason r : Reason.values()) {
            assertTrue(dropped.get(r.label()) > 0, r.label() + " reached: " + dropped);
        }
    }

    /** Sends what {@code cause} sends, and checks bob counted exactly one drop, under {@code reason}. */
    private void expect(Reason reason, Cause cause) throws Exception {
        Map<Reason, Long> before = counts();
        cause.send();
        Map<Reason, Long> after = counts();
        for (Reason r : Reason.values()) {
            long expected = before.get(r) + (r == reason ? 1 : 0);
            assertEquals(expected, after.get(r), "dropped." + r.label() + " after a cause of " + reason.label());
        }
    }

    /**
     * As {@link #expect}, where the cause's node also says hello in the room now and then: at least one drop
     * under {@code reason}, and none under another.
     */
    private void expectAtLeast(Reason reason, Cause cause) throws Exception {
        Map<Reason, Long> before = counts();
        cause.send();
        Map<Reason, Long> after = counts();
        for (Reason r : Reason.values()) {
            if (r == reason) {
                assertTrue(after.get(r) > before.get(r), "dropped." + r.label() + " did not grow: " + after);
            } else {
                assertEquals(before.get(r), after.get(r), "dropped." + r.label() + " after a cause of " + reason.label());
            }
        }
    }

    private Map<Reason, Long> counts() {
        Map<String, Long> dropped = bob.stats().dropped();
        Map<Reason, Long> counts = new EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            counts.put(r, dropped.get(r.label()));
        }
        return counts;
    }

    /** @return the (largest) datagram alice's message went in: the in-VM hub delivers within the send */
    private ByteBuffer said(ChatEngine alice, String text) {
        int from = engines.heard.size();
        alice.say("plans", text + " " + "x".repeat(300));
        alice.flushSends();
        synchronized (engines.heard) {
            return copy(engines.heard.subList(from, engines.heard.size()).stream()
                    .max(Comparator.comparingInt(ByteBuffer::remaining)).orElseThrow());
        }
    }

    private void clear(String text) {
        send(bytes(text));
    }

    private void send(ByteBuffer datagram) {
        hub.deliver(InVmTransport.CHANNEL, datagram, hub.newAddress());
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer copy(ByteBuffer b) {
        return ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
    }

    @FunctionalInterface
    private interface Cause {
        void send() throws Exception;
    }
}
