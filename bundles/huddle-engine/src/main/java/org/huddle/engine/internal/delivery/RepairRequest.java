package org.huddle.engine.internal.delivery;

import java.util.List;

import org.huddle.api.transport.Envelope;

/** How a receive window asks for missing messages again (a NACK), called after the window's lock. */
interface RepairRequest {
    void request(String room, String senderId, List<Envelope.Range> missing);
}
