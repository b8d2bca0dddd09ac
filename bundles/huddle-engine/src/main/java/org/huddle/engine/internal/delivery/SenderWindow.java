package org.huddle.engine.internal.delivery;

import java.util.NavigableMap;
import java.util.TreeMap;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.core.OrderedHandOff;

/**
 * One sender's receive window in one room, as {@link ReceiveWindows} keeps it: every field is read and written
 * under this object's lock, and what was decided under it leaves through {@link #out} after it.
 */
final class SenderWindow {

    /** A message held back, and when it arrived: its gap is given up a hold time after that. */
    record Held(ChatMessage message, Envelope.Fragment fragment, long arrived) {
    }

    final String room;
    final String senderId;
    boolean based;
    long delivered; // the highest sequence delivered (or given up), when based
    final NavigableMap<Long, Held> held = new TreeMap<>();
    boolean checkPending;
    boolean requestPending;
    String handle = "";
    long announced; // the highest sequence the sender said it sent (hello), when beyond what arrived
    long announcedAt; // when that tail was first seen missing
    /** Deliveries and losses decided under this window's lock, handed on after it in that order. */
    final OrderedHandOff out = new OrderedHandOff();

    SenderWindow(String room, String senderId) {
        this.room = room;
        this.senderId = senderId;
    }

    /** Whether the sender announced messages beyond everything delivered or held: its last ones were lost. */
    boolean tailMissing() {
        return based && announced > Math.max(delivered, held.isEmpty() ? 0 : held.lastKey());
    }
}
