package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import javax.inject.Inject;

import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.api.transport.MessageCodec;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engine against a peer that knows only the wire format: real multicast on {@code lo}, a raw
 * {@link java.nio.channels.DatagramChannel} on the other side. Also what the receive path does with
 * datagrams that are not good Huddle messages: count them by reason, drop them, and go on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MulticastExchangeIT extends HuddleTestSupport {

    private static final String ROOM = "lobby";

    @Inject
    private ChatService chat;

    private RawPeer peer;
    private RecordingListener listener;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void joinAndListen() throws Exception {
        peer = new RawPeer(GROUP, transportPort());
        listener = RecordingListener.register(bundleContext);
        chat.join(ROOM);
        // Until the transport is bound the engine cannot send; wait for it rather than race it.
        Await.until(TIMEOUT, () -> !chat.stats().transports().isEmpty(), "the engine to bind the transport");
    }

    @After
    public void close() throws Exception {
        listener.close();
        peer.close();
    }

    @Test
    public void sayReachesTheRawPeerAsOneJsonDatagram() throws Exception {
        long before = System.currentTimeMillis();
        chat.say("hello from the engine");

        String datagram = peer.await(TIMEOUT, d -> d.contains("hello from the engine"), "the engine's message");
        JsonNode json = new ObjectMapper().readTree(datagram);
        assertEquals(datagram, 1, json.get("v").asInt());
        assertEquals(datagram, "msg", json.get("type").asText());
        assertEquals(datagram, chat.selfId(), json.get("id").asText());
        assertEquals(datagram, HANDLE, json.get("handle").asText());
        assertEquals(datagram, ROOM, json.get("room").asText());
        assertTrue(datagram, json.get("seq").asLong() >= 1);
        assertTrue(datagram, json.get("ts").asLong() >= before - 1000);
        assertEquals(datagram, "hello from the engine", json.get("content").asText());
        assertTrue("at most " + MessageCodec.MAX_DATAGRAM + " bytes",
                datagram.getBytes(StandardCharsets.UTF_8).length <= MessageCodec.MAX_DATAGRAM);
    }

    @Test
    public void theRawPeersMessageReachesAChatListener() throws Exception {
        long sentAt = System.currentTimeMillis();
        peer.send(peer.message(ROOM, "hi from bob"));

        ChatMessage message = listener.await(TIMEOUT, m -> m.content().equals("hi from bob"), "bob's message");
        assertEquals(ROOM, message.room());
        assertEquals("bob", message.handle());
        assertEquals(peer.id(), message.senderId());
        assertFalse(message.local());
        assertTrue(message.timestamp().isAfter(Instant.ofEpochMilli(sentAt - 1000)));
    }

    @Test
    public void malformedDatagramsAreCountedByReasonAndTheNextGoodOneIsDelivered() throws Exception {
        String ts = Long.toString(System.currentTimeMillis());
        String ok = "\"id\":\"" + peer.id() + "\",\"handle\":\"bob\",\"room\":\"" + ROOM + "\",\"ts\":" + ts;
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("not-json", bytes("this is not {json"));
        bad.put("foreign", bytes("{\"client_id\":\"x1\",\"handle\":\"eve\",\"content\":\"hi\"}"));
        bad.put("unsupported-version", bytes("{\"v\":2,\"type\":\"msg\"," + ok + ",\"seq\":900,\"content\":\"v2\"}"));
        bad.put("unknown-type", bytes("{\"v\":1,\"type\":\"zap\"," + ok + ",\"seq\":901,\"content\":\"zap\"}"));
        bad.put("oversized", bytes("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":902,\"content\":\""
                + "x".repeat(MessageCodec.MAX_DATAGRAM) + "\"}"));
        bad.put("empty", new byte[0]);
        bad.put("invalid-field", bytes("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":903}"));
        bad.put("too-deep", bytes("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":904,\"content\":[[[[[[[[[\"deep\"]]]]]]]]]}"));
        bad.put("too-long", bytes("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":" + "9".repeat(40) + ",\"content\":\"long\"}"));
        bad.put("bad-utf8", ("{\"v\":1,\"type\":\"msg\"," + ok + ",\"seq\":905,\"content\":\"caf\u00e9\"}")
                .getBytes(StandardCharsets.ISO_8859_1));

        for (Map.Entry<String, byte[]> entry : bad.entrySet()) {
            String reason = entry.getKey();
            long droppedBefore = dropped(reason);
            peer.send(entry.getValue());
            String next = "good after " + reason;
            peer.send(peer.message(ROOM, next));

            listener.await(TIMEOUT, m -> m.content().equals(next), "the good message after a datagram that is " + reason);
            Await.until(TIMEOUT, () -> dropped(reason) == droppedBefore + 1,
                    "dropped." + reason + " to go from " + droppedBefore + " to " + (droppedBefore + 1) + "; now "
                            + chat.stats().dropped());
        }
        assertTrue("none of the bad datagrams was delivered: " + listener.messages(),
                listener.messages().stream().allMatch(m -> m.content().startsWith("good after ")));
    }

    private long dropped(String reason) {
        Map<String, Long> dropped = chat.stats().dropped();
        assertTrue("stats has the drop reason " + reason + ": " + dropped, dropped.containsKey(reason));
        return dropped.get(reason);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
