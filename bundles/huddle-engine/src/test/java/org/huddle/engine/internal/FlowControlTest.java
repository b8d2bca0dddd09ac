package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.engine.internal.delivery.SendWindows;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Flow control between whole engines: a member acknowledges what it has, and a sender a window ahead of it
 * waits in {@code say} (told once), until the member catches up or, gone quiet, is passed by after the stall
 * time; with the member keeping up, everything arrives once and in order.
 */
class FlowControlTest {

    private final HubEngines engines = new HubEngines("outsider");
    private final TestTime aliceTime = new TestTime();
    private final RecordingListener aliceSees = new RecordingListener();
    private final RecordingListener bobSees = new RecordingListener();
    private final ChatEngine alice = engines.start("alice", aliceSees, aliceTime.engineTime());
    private final InVmTransport bobsLink = new InVmTransport("bob", engines.hub);
    private final ChatEngine bob = ChatEngineTest.engine("bob", bobSees, bobsLink);

    @AfterEach
    void stop() {
        bob.deactivate();
        engines.close();
    }

    private long delivery(ChatEngine e, String name) {
        return e.stats().delivery().get(name);
    }

    /** bob's hello names him in the room, then his acknowledgement of alice's first message counts. */
    private void bobAcknowledgesTheFirst() throws InterruptedException {
        alice.join("lobby");
        bob.join("lobby");
        Await.until(() -> alice.peers().stream().anyMatch(p -> p.handle().equals("bob")), "alice to know bob");
        alice.say("lobby", "first");
        assertEquals("first", bobSees.next().content());
        Await.until(() -> delivery(alice, "acks-received") >= 1, "bob's ack of the first");
    }

    @Test
    void aSenderAWindowAheadOfAMemberWaitsUntilTheMemberIsPassedByAsStalled() throws Exception {
        bobAcknowledgesTheFirst();
        bob.unbindTransport(bobsLink); // bob hears nothing more: his acknowledgement stays at 1
        AtomicInteger said = new AtomicInteger();
        CompletableFuture<Void> saying = CompletableFuture.runAsync(() -> {
            for (int i = 2; i <= SendWindows.WINDOW + 2; i++) {
                alice.say("lobby", "m" + i);
                said.incrementAndGet();
            }
        });
        // up to 1 + WINDOW goes out at once; the one after waits for bob
        Await.until(() -> said.get() == SendWindows.WINDOW, "alice to say a window's worth");
        try {
            saying.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("the message beyond the window was not held back");
        } catch (TimeoutException expected) {
            assertEquals(SendWindows.WINDOW, said.get());
        }
        assertEquals(0, delivery(alice, "window-waits"));
        aliceTime.advance(Duration.ofSeconds(1)); // bob's acknowledgement has not moved for the stall time
        saying.get(5, TimeUnit.SECONDS);
        assertEquals(1, delivery(alice, "window-waits"));
        Notice told = aliceSees.awaitNotice(t -> t.startsWith("sending in lobby waits"));
        assertEquals("sending in lobby waits for members who are behind (flow control); nothing is dropped", told.text());
        assertEquals(Notice.Level.INFO, told.level());
    }

    @Test
    void aMemberThatKeepsUpGetsEverythingOnceAndInOrderAndAcknowledgesAsItGoes() throws Exception {
        bobAcknowledgesTheFirst();
        int count = 4 * SendWindows.WINDOW;
        for (int i = 1; i <= count; i++) {
            alice.say("lobby", "m" + i);
        }
        List<String> got = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ChatMessage m = bobSees.next();
            got.add(m.content());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            expected.add("m" + i);
        }
        assertEquals(expected, got);
        Await.until(Await.DEADLINE, () -> delivery(alice, "acks-received") >= 1 + count / SendWindows.ACK_EVERY,
                () -> "an ack every " + SendWindows.ACK_EVERY + ": " + alice.stats().delivery());
        assertEquals(0, delivery(bob, "lost"));
        assertFalse(aliceSees.notices.stream().anyMatch(n -> n.text().startsWith("sending in lobby waits")),
                "no long wait to tell of");
        assertTrue(delivery(bob, "acks-sent") >= 1 + count / SendWindows.ACK_EVERY, bob.stats().delivery().toString());
    }
}
