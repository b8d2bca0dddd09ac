package org.huddle.engine.internal.delivery;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;

/**
 * What the receive windows hand on, after their lock and in each sender's order: its messages, and how many
 * were given up before one of them. {@link Reassembly} takes it, one way.
 */
interface InOrder {
    /** @param fragment the message's place in a longer text, or {@code null} when it is whole */
    void deliver(ChatMessage message, Envelope.Fragment fragment);

    void lost(String room, String senderId, String handle, long count);
}
