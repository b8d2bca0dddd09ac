package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;

import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.delivery.HistorySync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cap on what a node replays for {@code history?} requests, whoever asks ({@link HistorySync#REPLAYS_PER_SECOND},
 * docs/security.md): someone asking for the latest 200 of three rooms at once gets two full answers, and the
 * third is refused until a second went by. The engine's interval clock is held, so the count does not depend on
 * how fast this machine answers.
 */
class HistoryAnswerBudgetTest {

    private static final int ROOM_HISTORY = 200;

    private final HubEngines engines = new HubEngines("mallory");
    private final TestTime carolTime = new TestTime();

    @AfterEach
    void stop() {
        engines.close();
    }

    @Test
    void requestsForManyRoomsGetFourHundredReplaysASecond() throws Exception {
        ChatEngine carol = engines.start("carol", new RecordingListener(), carolTime.engineTime(), ROOM_HISTORY);
        for (String room : new String[] { "r1", "r2", "r3" }) {
            carol.join(room);
            for (int i = 1; i <= ROOM_HISTORY; i++) {
                carol.say(room, room + "-m" + i);
            }
        }
        ask("r1");
        ask("r2");
        ask("r3");
        // the refusal comes last of all: the answers' order is random, and the third is the one refused
        DeliveryCounts.await(carol, "replays-refused", 1);
        assertEquals(3, DeliveryCounts.of(carol, "history-requests-answered"));
        assertEquals(2 * ROOM_HISTORY, DeliveryCounts.of(carol, "replays-sent"), "two full answers");
        assertEquals(HistorySync.REPLAYS_PER_SECOND, DeliveryCounts.of(carol, "replays-sent"));

        carolTime.advance(Duration.ofSeconds(1));
        ask("r3");
        DeliveryCounts.await(carol, "replays-sent", 3 * ROOM_HISTORY); // a second later, the third room's answer
        assertEquals(4, DeliveryCounts.of(carol, "history-requests-answered"));
        assertEquals(1, DeliveryCounts.of(carol, "replays-refused"));
    }

    /** mallory, whom nobody knows, asks the room for its latest 200 messages. */
    private void ask(String room) throws IOException {
        engines.outsider.send(HubEngines.CODECS.huddle().encode(new Envelope(Envelope.Type.HISTORY_REQUEST,
                "00000000000000aa", "mallory", room, ROOM_HISTORY, System.currentTimeMillis() + 60_000, "")));
    }

}
