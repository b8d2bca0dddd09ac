package org.huddle.engine.internal.core;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.ChatStats;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.TransportStats;
import org.huddle.engine.internal.delivery.HistorySync;
import org.huddle.engine.internal.delivery.Inbox;

/** The engine's counters; {@link #snapshot} turns them into the API's view. */
public final class EngineCounters {

    public final LongAdder sent = new LongAdder();
    public final LongAdder received = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder own = new LongAdder();
    public final LongAdder otherRooms = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder nacksSent = new LongAdder();
    public final LongAdder nacksReceived = new LongAdder();
    /** NACKs not sent: for senders not known to be in the room, over their budget (Inbox). */
    public final LongAdder nacksRefused = new LongAdder();
    public final LongAdder resent = new LongAdder();
    public final LongAdder resendsRefused = new LongAdder();
    /** Resends not sent now: the sending ceiling was spent (NackAnswers, SendPace.takeForRepair). */
    public final LongAdder resendsHeld = new LongAdder();
    /** Resends left out: the same datagram went out again moments before for another member's NACK. */
    public final LongAdder resendsRepeated = new LongAdder();
    public final LongAdder resentForOthers = new LongAdder();
    public final LongAdder lost = new LongAdder();
    public final LongAdder jumps = new LongAdder();
    public final LongAdder historyRequestsSent = new LongAdder();
    public final LongAdder historyRequestsAnswered = new LongAdder();
    public final LongAdder replaysSent = new LongAdder();
    public final LongAdder replaysRefused = new LongAdder();
    public final LongAdder replaysReceived = new LongAdder();
    /** Replays under an id this node used in an earlier run: forged (HistorySync). */
    public final LongAdder replaysAsOwnRefused = new LongAdder();
    public final LongAdder historyMerged = new LongAdder();
    /** Long messages given up because parts of them were lost, came too late or made them too long. */
    public final LongAdder incompleteDropped = new LongAdder();
    public final LongAdder paceWaits = new LongAdder();
    public final LongAdder paceCuts = new LongAdder();
    /** Times a {@code say} waited for members to acknowledge (flow control, SendWindows). */
    public final LongAdder windowWaits = new LongAdder();
    public final LongAdder acksSent = new LongAdder();
    public final LongAdder acksReceived = new LongAdder();
    /** Datagrams that carried several of this node's (SendQueue). */
    public final LongAdder bundlesSent = new LongAdder();
    /** NACKs, resends, replays and history requests that found no transport to go out on. */
    public final LongAdder sendFailures = new LongAdder();
    /** Datagrams that were bundles of several (docs/protocol.md, Bundles), split on arrival. */
    public final LongAdder bundlesReceived = new LongAdder();
    private final Map<Reason, LongAdder> dropped = new EnumMap<>(Reason.class);

    public EngineCounters() {
        for (Reason r : Reason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    public void dropped(Reason reason) {
        dropped.get(reason).increment();
    }

    public ChatStats snapshot(List<TransportStats> transports) {
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
        d.put("resends-held", resendsHeld.sum());
        d.put("resends-repeated", resendsRepeated.sum());
        d.put("lost", lost.sum());
        d.put("numbering-jumps", jumps.sum());
        d.put("incomplete", incompleteDropped.sum());
        d.put("pace-cuts", paceCuts.sum());
        d.put("pace-waits", paceWaits.sum());
        d.put("window-waits", windowWaits.sum());
        d.put("acks-sent", acksSent.sum());
        d.put("acks-received", acksReceived.sum());
        d.put("bundles-sent", bundlesSent.sum());
        d.put("send-failures", sendFailures.sum());
        d.put("bundles-received", bundlesReceived.sum());
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
