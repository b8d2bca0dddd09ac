package org.huddle.bench;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;

/**
 * The peer users would pick: a JGroups channel on JGroups' own stock UDP stack ({@code udp.xml} from
 * its jar: UDP, PING, MERGE3, FD_SOCK2, FD_ALL3, VERIFY_SUSPECT2, BARRIER, NAKACK2, UNICAST3, STABLE,
 * GMS, MFC, UFC, FRAG2, STATE_TRANSFER), unchanged but for the system properties that stock file reads
 * for exactly this: bind to the member's address (127.0.0.1, or its veth's on the LAN), a group and port of our own, TTL 1. Members leave out their own
 * messages, as a chat would.
 */
final class JGroupsNode implements Member {

    static final String GROUP = "239.255.72.98";
    static final int PORT = 7498;
    static final String CLUSTER = "huddle-bench";

    private final JChannel channel;
    private final long joinedAt;

    private JGroupsNode(JChannel channel, long joinedAt) {
        this.channel = channel;
        this.joinedAt = joinedAt;
    }

    static Member start(int id, int members, Delivery delivery) throws Exception {
        System.setProperty("jgroups.bind_addr", MemberNet.current().address()); // 127.0.0.1 or the member's veth
        System.setProperty("jgroups.udp.mcast_addr", GROUP);
        System.setProperty("jgroups.udp.mcast_port", Integer.toString(PORT));
        System.setProperty("jgroups.udp.ip_ttl", "1");
        JChannel channel = new JChannel("udp.xml");
        channel.setDiscardOwnMessages(true);
        channel.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                delivery.delivered(message.getArray(), message.getOffset(), message.getLength());
            }

            @Override
            public void viewAccepted(View view) {
                // membership is read through peers()
            }
        });
        long joinedAt = System.nanoTime();
        channel.connect(CLUSTER);
        return new JGroupsNode(channel, joinedAt);
    }

    @Override
    public void send(byte[] payload) throws Exception {
        // the caller writes its next payload into the same array, and JGroups keeps this one for retransmission
        channel.send(new BytesMessage(null, payload.clone()));
    }

    @Override
    public int peers() {
        View view = channel.getView();
        return view == null ? 0 : view.size() - 1;
    }

    @Override
    public long joinedAt() {
        return joinedAt;
    }

    @Override
    public boolean hasMembership() {
        return true;
    }

    @Override
    public void close() {
        channel.close();
    }
}
