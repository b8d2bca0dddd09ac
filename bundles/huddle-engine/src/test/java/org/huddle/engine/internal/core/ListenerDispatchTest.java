package org.huddle.engine.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.engine.internal.RecordingListener;
import org.huddle.testing.Await;
import org.junit.jupiter.api.Test;

/** A front end far behind a flood costs bounded memory, and is told what it missed. */
public class ListenerDispatchTest {

    @Test
    void aStuckFrontEndQueuesAtMostTheCapAndIsToldHowManyItMissed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener seen = new RecordingListener();
        ChatListener stuck = new ChatListener() {
            @Override
            public void message(ChatMessage message) {
            }

            @Override
            public void notice(Notice notice) {
                try {
                    release.await(); // a console that does not read
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.notice(notice);
            }
        };
        ListenerDispatch dispatch = new ListenerDispatch(() -> List.of(stuck), new SharedHandles("0123456789abcdef", () -> "me"), (m, t) -> { });
        int sent = ListenerDispatch.MAX_PENDING + 100;
        for (int i = 0; i < sent; i++) {
            dispatch.notice(new Notice(null, Notice.Level.INFO, "n" + i));
        }
        assertTrue(dispatch.pending() <= ListenerDispatch.MAX_PENDING, dispatch.pending() + " pending");
        release.countDown();
        Await.until(Duration.ofSeconds(10), () -> dispatch.pending() == 0, () -> dispatch.pending() + " still pending");
        assertEquals(0, dispatch.pending());
        // Told once, or in two notices when the dispatch thread started only after the first were turned away
        // (a loaded machine): the first notice then tells those, the next the rest.
        long missed = 0;
        List<String> told = new java.util.ArrayList<>();
        for (Notice n : seen.notices) {
            if (n.text().startsWith("front ends fell behind")) {
                told.add(n.text());
                missed += Long.parseLong(n.text().replaceAll("\\D*(\\d+).*", "$1"));
            }
        }
        assertTrue(missed >= 99 && missed <= 100 && told.size() <= 2, told.toString());
        dispatch.close();
    }
}
