package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.huddle.api.ChatException;
import org.huddle.api.ChatMessage;
import org.huddle.api.JoinOptions;
import org.huddle.api.Notice;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.delivery.Reassembly;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Messages longer than one datagram between engines on an in-VM hub that loses and reorders on purpose. */
class FragmentedDeliveryTest {

    private static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());
    /** Far beyond any one wait here; a failing run ends at its first missing message. */
    private static final long DEADLINE_MILLIS = 30_000;
    private static final Pattern INCOMPLETE = Pattern.compile(
            "an incomplete message from alice was dropped \\((\\d+) of (\\d+) parts lost\\)");

    /** Asynchronous: two engines repair one sender's loss at once (see {@link InVmTransport.Hub}). */
    private final InVmTransport.Hub hub = new InVmTransport.Hub(true);
    private final List<ChatEngine> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(ChatEngine::deactivate);
        hub.close();
        // the asynchronous hub keeps what a receive path threw instead of throwing it at the sender
        assertEquals(List.of(), hub.escaped, "thrown out of a receive path");
    }

    /** @param hold how long bob waits for a gap to be repaired: long, so that 20% loss never outlasts it */
    private ChatEngine start(String handle, RecordingListener sees, long hold) {
        ChatEngine e = new ChatEngine(handle, 100, CODECS, HistoryStore.inMemory(), hold, (m, t) -> { });
        e.listeners(List.of(sees));
        e.bindTransport(new InVmTransport(handle, hub));
        running.add(e);
        return e;
    }

    /** About 60 KiB of text that is not all ASCII and needs escaping here and there. */
    private static String longText(String who) {
        StringBuilder text = new StringBuilder(who);
        for (int i = 0; text.length() < 61_000; i++) {
            text.append(" word").append(i).append(i % 50 == 0 ? " \"quoted\" \u00e9t\u00e9 \ud83d\ude00\t" : "");
        }
        return text.toString();
    }

    private static ChatMessage next(RecordingListener sees) throws InterruptedException {
        return Await.next(sees.messages, Duration.ofMillis(DEADLINE_MILLIS), "a message");
    }

    @Test
    void longAndShortMessagesFromTwoSendersArriveWholeOnceAndInOrderUnderLossAndReordering() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener(), 5_000);
        ChatEngine carol = start("carol", new RecordingListener(), 5_000);
        ChatEngine bob = start("bob", bobSees, 5_000);
        for (ChatEngine e : List.of(alice, carol, bob)) {
            e.join("lobby");
        }
        String aliceLong = longText("alice");
        String carolLong = longText("carol");
        assertTrue(aliceLong.getBytes(StandardCharsets.UTF_8).length > 60 * 1024);
        Map<String, List<String>> said = new HashMap<>();
        said.put(alice.selfId(), script("a", aliceLong, 3, 12));
        said.put(carol.selfId(), script("c", carolLong, 7, 8));

        hub.lossPercent.set(20);
        hub.swapAdjacent = true;
        // Both at once, so their fragments interleave on the hub.
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> said.get(alice.selfId()).forEach(alice::say));
        CompletableFuture<Void> c = CompletableFuture.runAsync(() -> said.get(carol.selfId()).forEach(carol::say));
        a.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        c.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        alice.flushSends();
        carol.flushSends();
        hub.lossPercent.set(0);
        hub.swapAdjacent = false;
        hub.flush();
        // A last message each shows bob a gap at the very end, if there is one.
        alice.say("a end");
        carol.say("c end");

        Map<String, List<String>> shown = new HashMap<>();
        shown.put(alice.selfId(), new ArrayList<>());
        shown.put(carol.selfId(), new ArrayList<>());
        while (!shown.get(alice.selfId()).contains("a end") || !shown.get(carol.selfId()).contains("c end")) {
            ChatMessage m = next(bobSees);
            shown.get(m.senderId()).add(m.content());
        }
        said.get(alice.selfId()).add("a end");
        said.get(carol.selfId()).add("c end");
        assertEquals(said.get(alice.selfId()), shown.get(alice.selfId()), "alice's, each once, in order");
        assertEquals(said.get(carol.selfId()), shown.get(carol.selfId()), "carol's, each once, in order");
        for (Notice n : bobSees.notices) {
            assertFalse(n.text().startsWith("lost ") || n.text().contains("dropped"), n.text());
        }
        assertTrue(bobSees.messages.isEmpty(), bobSees.messages.toString());
        long nacks = bob.stats().delivery().get("nacks-sent");
        System.out.println("two senders, 20% loss, adjacent swaps: bob sent " + nacks + " NACKs, alice and carol resent "
                + (alice.stats().delivery().get("resent") + carol.stats().delivery().get("resent")) + " datagrams");
        assertTrue(nacks > 0, "the loss needed repair");

        // Kept as the sender keeps it: under the number of its last part, at the time it was said.
        ChatMessage own = alice.history("lobby", 100).stream().filter(m -> m.content().equals(aliceLong)).findFirst()
                .orElseThrow();
        ChatMessage received = bob.history("lobby", 100).stream().filter(m -> m.content().equals(aliceLong))
                .findFirst().orElseThrow();
        assertEquals(own.sequence(), received.sequence());
        assertEquals(own.timestamp(), received.timestamp());
        assertTrue(own.sequence() > 12, "each fragment took a number of its own: " + own.sequence());
        assertEquals(said.get(alice.selfId()).size(), bob.history("lobby", 100).stream()
                .filter(m -> m.senderId().equals(alice.selfId())).count(), "one history entry per message");
    }

    /** 15 short messages, the long text after each of the short ones numbered in {@code longAt}. */
    private static List<String> script(String prefix, String longText, int... longAt) {
        List<String> messages = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            messages.add(prefix + i);
            for (int at : longAt) {
                if (at == i) {
                    messages.add(longText);
                }
            }
        }
        return messages;
    }

    @Test
    void inAnEncryptedRoomEveryPartFitsOneDatagramSealed() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener(), 2_000);
        ChatEngine bob = start("bob", bobSees, 2_000);
        JoinOptions secret = new JoinOptions(Wire.HUDDLE, List.of(), 0, "correct horse");
        alice.join("plans", secret);
        bob.join("plans", secret);
        String text = longText("alice");
        alice.say(text);
        ChatMessage got = next(bobSees);
        assertEquals(text, got.content());
        assertTrue(hub.longest.get() <= MessageCodec.MAX_DATAGRAM, hub.longest.get() + " bytes sealed");
    }

    @Test
    void textOverTheCapIsRefusedInOneLineAndNothingIsSent() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener(), 2_000);
        ChatEngine bob = start("bob", bobSees, 2_000);
        alice.join("lobby");
        bob.join("lobby");
        ChatException bytes = assertThrows(ChatException.class, () -> alice.say("x".repeat(70_000)));
        assertEquals("message too long: 70,000 bytes of text, at most 65,536; send it in shorter parts",
                bytes.getMessage());
        ChatException parts = assertThrows(ChatException.class, () -> alice.say("\u0001".repeat(30_000)));
        assertTrue(parts.getMessage().startsWith("message too long: it would take more than 128 datagrams"),
                parts.getMessage());
        assertEquals(0, alice.stats().sent());
        assertEquals(List.of(), alice.history("lobby", 10));
        // Not a number was used: the next message is alice's first, and the first bob sees.
        assertEquals(1, alice.say("after").sequence());
        ChatMessage first = next(bobSees);
        assertEquals("after", first.content());
        assertEquals(1, first.sequence());
    }

    @Test
    void aSenderThatStopsHalfWayCostsTheMessageAfterTheHoldTimeNotTheTimeCap() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine bob = start("bob", bobSees, 300);
        bob.join("lobby");
        // Parts 1 to 4 of 5 from a node that says nothing more: no later message or hello shows what is missing.
        String zed = "00000000000000ff";
        InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7446);
        for (int i = 1; i <= 4; i++) {
            bob.received(CODECS.huddle().encode(new Envelope(Envelope.Type.MESSAGE, zed, "zed", "lobby", i,
                    System.currentTimeMillis(), "part " + i, Envelope.Extras.fragment(i, 5))), from);
        }
        List<String> seen = new ArrayList<>();
        Await.next(bobSees.notices, n -> seen.add(n.text())
                && n.text().equals("an incomplete message from zed was dropped (1 of 5 parts lost)"),
                Duration.ofMillis(Reassembly.MAX_AGE_MILLIS / 3), "the incomplete-message notice well before the time cap");
        assertTrue(seen.contains("lost 1 message from zed in lobby"), seen.toString());
        assertTrue(bobSees.messages.isEmpty(), bobSees.messages.toString());
    }

    @Test
    void partsNobodyCanResendCostTheWholeMessageWithOneNotice() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        ChatEngine alice = start("alice", new RecordingListener(), 2_000);
        ChatEngine bob = start("bob", bobSees, 300);
        alice.join("lobby");
        bob.join("lobby");
        alice.say("before");
        assertEquals("before", next(bobSees).content());
        hub.lossPercent.set(50);
        alice.say(longText("alice"));
        alice.flushSends();
        hub.lossPercent.set(0);
        alice.say("after");
        alice.deactivate(); // gone before bob's NACKs could all be answered: some parts stay lost
        running.remove(alice);

        assertEquals("after", next(bobSees).content(), "what follows is delivered, the long message is not");
        Notice incomplete = Await.next(bobSees.notices, n -> INCOMPLETE.matcher(n.text()).matches(),
                Duration.ofMillis(DEADLINE_MILLIS), "an incomplete-message notice");
        assertEquals("lobby", incomplete.room());
        assertEquals(Notice.Level.WARNING, incomplete.level());
        var counts = INCOMPLETE.matcher(incomplete.text());
        assertTrue(counts.matches());
        int lost = Integer.parseInt(counts.group(1));
        int of = Integer.parseInt(counts.group(2));
        assertTrue(lost >= 1 && lost <= of, incomplete.text());
        assertEquals(List.of("before", "after"), bob.history("lobby", 10).stream().map(ChatMessage::content).toList());
        for (Notice n : bobSees.notices) {
            assertFalse(INCOMPLETE.matcher(n.text()).matches(), "reported twice: " + n.text());
        }
    }
}
