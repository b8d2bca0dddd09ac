package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.ChatMessage;
import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.huddle.engine.internal.channels.RoomSealing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The clock rule of encrypted rooms as shipped (docs/security.md): a sealed datagram counts when the sender's
 * clock is within {@link RoomSealing#CLOCK_SKEW_MILLIS} of the receiver's, ahead or behind, and is dropped as
 * {@code stale} beyond. Engines with clocks of their own on an in-VM hub; bob has been up for five minutes by
 * his clock, so the other rule (nothing sealed before the receiver started) stays out of the way.
 */
class SealedClockRuleTest {

    private static final JoinOptions SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "correct horse");
    private static final Duration BOB_UP = Duration.ofMinutes(5);

    private final HubEngines engines = new HubEngines("tap");

    @AfterEach
    void stop() {
        engines.close();
    }

    @ParameterizedTest(name = "alice''s clock {0} s from bob''s: heard {1}")
    @CsvSource({ "119, true", "-119, true", "121, false", "-121, false" })
    void aSealedMessageCountsOnlyFromAClockWithinTwoMinutes(long aliceAheadSeconds, boolean heard) throws Exception {
        TestTime bobTime = new TestTime();
        RecordingListener bobSees = new RecordingListener();
        ChatEngine bob = engines.start("bob", bobSees, bobTime.engineTime());
        bob.join("plans", SECRET);
        bobTime.advance(BOB_UP);
        ChatEngine alice = engines.start("alice", new RecordingListener(),
                TestTime.shifted(BOB_UP.plusSeconds(aliceAheadSeconds)).engineTime());
        ChatEngine carol = engines.start("carol", new RecordingListener(), TestTime.shifted(BOB_UP).engineTime());
        alice.join("plans", SECRET);
        carol.join("plans", SECRET);

        long staleBefore = stale(bob);
        alice.say("plans", "hi bob");
        alice.flushSends(); // the in-VM hub delivers within the send
        long staleByIt = stale(bob) - staleBefore;
        // carol's clock agrees with bob's: her message shows bob heard everything said before it
        carol.say("plans", "and me");
        List<String> fromAlice = new ArrayList<>();
        for (ChatMessage m = bobSees.next(); !m.senderId().equals(carol.selfId()); m = bobSees.next()) {
            if (m.senderId().equals(alice.selfId())) {
                fromAlice.add(m.content());
            }
        }
        if (heard) {
            assertEquals(List.of("hi bob"), fromAlice);
            assertEquals(0, staleByIt, "dropped as stale");
        } else {
            assertEquals(List.of(), fromAlice, "alice's message, " + aliceAheadSeconds + " s off");
            assertTrue(staleByIt >= 1, "dropped as stale: " + staleByIt);
        }
    }

    private static long stale(ChatEngine who) {
        return who.stats().dropped().getOrDefault("stale", 0L);
    }
}
