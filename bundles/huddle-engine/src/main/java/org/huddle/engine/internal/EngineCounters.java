package org.huddle.engine.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.ChatStats;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.TransportStats;

/** The engine's counters; {@link #snapshot} turns them into the API's view. */
final class EngineCounters {

    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder own = new LongAdder();
    final LongAdder otherRooms = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder nacksSent = new LongAdder();
    final LongAdder nacksReceived = new LongAdder();
    /** NACKs not sent: for senders not known to be in the room, over their budget (Inbox). */
    final LongAdder nacksRefused = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder resendsRefused = new LongAdder();
    final LongAdder resentForOthers = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder jumps = new LongAdder();
    final LongAdder historyRequestsSent = new LongAdder();
    final LongAdder historyRequestsAnswered = new LongAdder();
    final LongAdder replaysSent = new LongAdder();
    final LongAdder replaysRefused = new LongAdder();
    final LongAdder replaysReceived = new LongAdder();
    /** Replays under an id this node used in an earlier run: forged (HistorySync). */
    final LongAdder replaysAsOwnRefused = new LongAdder();
    final LongAdder historyMerged = new LongAdder();
    /** Long messages given up because parts of them were lost, came too late or made them too long. */
    final LongAdder incompleteDropped = new LongAdder();
    final LongAdder paceWaits = new LongAdder();
    final LongAdder paceCuts = new LongAdder();
    private final Map<Reason, LongAdder> dropped = new EnumMap<>(Reason.class);

    EngineCounters() {
        for (Reason r : Reason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    void dropped(Reason reason) {
        dropped.get(reason).increment();
    }

    ChatStats snapshot(List<TransportStats> transports) {
        Map<String, Long> drops = new LinkedHashMap<>();
        dropped.forEach((reason, count) -> drops.put(reason.label(), count.sum()));
        return new ChatStats(sent.sum(), received.sum(), delivered.sum(), own.sum(), otherRooms.sum(),
                duplicates.sum(), drops, transports, delivery());
    }

    /** Named as in docs/console.md (chat:stats); the order is the one shown. */
    private Map<String, Long> delivery() {
        Map<String, Long> d = new LinkedHashMap<>();
        d.put("nacks-sent", nacksSent.sum());
        d.put("nacks-received", nacksReceived.sum());
        d.put("nacks-refused", nacksRefused.sum());
        d.put("resent", resent.sum());
        d.put("resent-for-others", resentForOthers.sum());
        d.put("resends-refused", resendsRefused.sum());
        d.put("lost", lost.sum());
        d.put("numbering-jumps", jumps.sum());
        d.put("incomplete", incompleteDropped.sum());
        d.put("pace-cuts", paceCuts.sum());
        d.put("pace-waits", paceWaits.sum());
        d.put("history-requests-sent", historyRequestsSent.sum());
        d.put("history-requests-answered", historyRequestsAnswered.sum());
        d.put("replays-sent", replaysSent.sum());
        d.put("replays-refused", replaysRefused.sum());
        d.put("replays-received", replaysReceived.sum());
        d.put("replays-as-own-refused", replaysAsOwnRefused.sum());
        d.put("history-merged", historyMerged.sum());
        return d;
    }
}
