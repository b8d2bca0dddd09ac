package org.huddle.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.junit.jupiter.api.Test;

class EventHubTest {

    private static ChatMessage said(long sequence, String text) {
        return new ChatMessage("lobby", "node-1", "alice", sequence, Instant.parse("2026-12-04T10:00:00Z"), text,
                false);
    }

    @Test
    void eachPageGetsEveryEventInOrderAsOneDataLine() throws InterruptedException {
        EventHub hub = new EventHub();
        EventHub.Subscription a = hub.subscribe(2);
        EventHub.Subscription b = hub.subscribe(2);
        hub.message(said(1, "two\nlines <b>"));
        hub.notice(new Notice("lobby", Notice.Level.WARNING, "lost 3 messages"));
        for (EventHub.Subscription s : new EventHub.Subscription[] { a, b }) {
            String first = s.next(1, TimeUnit.SECONDS);
            assertEquals("event: message\ndata: {\"room\":\"lobby\",\"sender\":\"node-1\",\"handle\":\"alice\","
                    + "\"sequence\":1,\"time\":\"2026-12-04T10:00:00Z\",\"text\":\"two\\nlines <b>\",\"local\":false}\n\n",
                    first);
            String second = s.next(1, TimeUnit.SECONDS);
            assertEquals("event: notice\ndata: {\"room\":\"lobby\",\"level\":\"warning\",\"text\":\"lost 3 messages\"}\n\n",
                    second);
            assertNull(s.next(10, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void beyondTheLimitNoPageIsTaken() {
        EventHub hub = new EventHub();
        assertNotNull(hub.subscribe(1));
        assertNull(hub.subscribe(1));
        assertEquals(1, hub.subscribers());
    }

    @Test
    void aPageThatFallsBehindIsCutOffAndTheOthersGoOn() throws InterruptedException {
        EventHub hub = new EventHub();
        EventHub.Subscription stalled = hub.subscribe(2);
        EventHub.Subscription reading = hub.subscribe(2);
        for (int i = 0; i <= EventHub.QUEUE; i++) {
            hub.message(said(i, "m" + i));
            assertNotNull(reading.next(1, TimeUnit.SECONDS));
        }
        assertTrue(stalled.overflowed());
        assertFalse(reading.overflowed());
        assertEquals(1, hub.subscribers(), "the stalled page no longer counts");
        // what it had queued is still there to be sent before it is told to reload
        assertNotNull(stalled.next(10, TimeUnit.MILLISECONDS));
    }

    @Test
    void stoppingTheFrontEndEndsEveryStream() {
        EventHub hub = new EventHub();
        EventHub.Subscription s = hub.subscribe(1);
        hub.deactivate();
        assertTrue(s.closed());
        assertEquals(0, hub.subscribers());
    }
}
