package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** The socket options of a transport instance, taken from its configuration. */
record SocketSettings(int ttl, boolean multicastLoop, int receiveBuffer, int sendBuffer) {

    static SocketSettings of(MulticastTransportConfig config) {
        if (config.ttl() < 0 || config.ttl() > 255) {
            throw new IllegalArgumentException("ttl " + config.ttl() + " is not between 0 and 255");
        }
        return new SocketSettings(config.ttl(), config.multicast_loop(), config.receive_buffer(), config.send_buffer());
    }

    /**
     * SO_REUSEPORT lets Huddle bind beside programs that set only it (backchannel does), and lets several
     * Huddle instances on one host all receive. Where the platform lacks it, SO_REUSEADDR still does the
     * latter for multicast.
     */
    void reusePort(DatagramChannel socket) throws IOException {
        SocketOption<Boolean> reusePort = StandardSocketOptions.SO_REUSEPORT;
        if (socket.supportedOptions().contains(reusePort)) {
            socket.setOption(reusePort, true);
        }
    }
}
