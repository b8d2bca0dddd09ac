package org.huddle.transport.jgroups.internal;

import org.jgroups.blocks.cs.NioServer;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;

/**
 * JGroups' FD_SOCK2 (a member notices at once when the next one's process ends: its TCP connection closes), with
 * the bound its server lacks: FD_SOCK2 talks on a socket of its own, outside the sealed transport, and JGroups
 * would read any length a peer claims there. Its messages are a header and two addresses, so
 * {@link #MAX_MESSAGE} bytes are plenty. It keeps FD_SOCK2's protocol id, which its headers are found by.
 */
final class BoundedFailureDetection extends FD_SOCK2 {

    static final int MAX_MESSAGE = 4096;

    BoundedFailureDetection() {
        setId(ClassConfigurator.getProtocolId(FD_SOCK2.class));
    }

    @Override
    protected NioServer createServer(int[] bindPorts) {
        NioServer server = super.createServer(bindPorts);
        server.setMaxLength(MAX_MESSAGE);
        return server;
    }
}
