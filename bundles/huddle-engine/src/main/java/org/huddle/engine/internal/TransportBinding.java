package org.huddle.engine.internal;

import java.io.IOException;

import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;

/** The transport the engine uses now, with the membership it opened on the transport's default channel. */
record TransportBinding(Transport transport, Membership membership) {

    static TransportBinding open(Transport transport, DatagramListener listener) throws IOException {
        return new TransportBinding(transport, transport.open(transport.defaultChannel(), listener));
    }

    void close() {
        membership.close();
    }

    String describe() {
        return transport.name() + " (" + membership.channel() + ")";
    }
}
