package org.huddle.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.bundling.SendQueue;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.delivery.Outbox;
import org.huddle.engine.internal.delivery.SendPace;
import org.huddle.engine.internal.delivery.SendWindows;
import org.huddle.engine.internal.delivery.SentMessages;
import org.huddle.engine.internal.flood.FloodControl;
import org.huddle.engine.internal.rooms.Room;

/**
 * What this node says, from {@code say} to the network (docs/reliability.md, Flow control and bundling): the
 * outbox that numbers and keeps it, flow control's windows that hold it back, the sending thread that bundles
 * and sends it, and the pace that thread keeps.
 */
final class SendPath implements AutoCloseable {

    /** How long leaving a room or stopping waits for what was said to go out first. */
    static final int FLUSH_SECONDS = 5;

    private final SendPace pace;
    private final SendWindows windows;
    private final Outbox outbox;
    private final SendQueue queue;
    private final BiConsumer<String, Throwable> warnings;

    SendPath(String selfId, Codecs codecs, EngineCounters counters, ListenerDispatch dispatch, SentMessages sent,
            EngineTime time, BiConsumer<String, Throwable> warnings) {
        this.warnings = warnings;
        this.pace = new SendPace(time.nanos(), counters.paceWaits, counters.paceCuts);
        this.windows = new SendWindows(time.nanos());
        this.outbox = new Outbox(selfId, codecs, counters, dispatch, sent, windows, time);
        this.queue = new SendQueue(pace::take, counters.bundlesSent, counters.sendFailures, (room, why) -> {
            if (why instanceof RuntimeException) {
                warnings.accept("a datagram in " + room + " could not be sent", why); // a bug, not the network
            }
            outbox.notSent(room, why);
        });
        outbox.sendThrough(queue);
        floodLimit(FloodControl.DEFAULT_RATE, FloodControl.DEFAULT_BURST);
    }

    SendPace pace() {
        return pace;
    }

    SendWindows windows() {
        return windows;
    }

    ChatMessage say(Room room, Membership membership, String handle, String content) {
        return outbox.say(room, membership, handle, content);
    }

    /** Receivers take this much from one host: this node sends below it. */
    void floodLimit(int perSecond, int burst) {
        pace.belowFloodLimit(perSecond, burst);
    }

    /** @return whether what was queued to send so far went out within {@link #FLUSH_SECONDS} */
    boolean awaitSent() {
        try {
            if (queue.flush(FLUSH_SECONDS, TimeUnit.SECONDS)) {
                return true;
            }
            warnings.accept("what was said did not leave within " + FLUSH_SECONDS + " s; going on", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Sends what was queued (for a moment at most), then ends the sending thread. */
    @Override
    public void close() {
        queue.close();
    }
}
