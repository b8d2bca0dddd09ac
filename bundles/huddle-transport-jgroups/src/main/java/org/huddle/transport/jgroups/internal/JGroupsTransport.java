package org.huddle.transport.jgroups.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.TerminalText;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.logging.LogFactory;
import org.jgroups.stack.IpAddress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Huddle's datagrams over a JGroups cluster on TCP: one JChannel per configuration, joined when the component
 * activates, carrying every Huddle channel in frames named after it ({@link ChannelFrames}). A peer is known to
 * the engine by its TCP address (as a multicast peer is by its UDP one), so NACKs can be answered to one peer.
 * The cluster's own reliability (NAKACK2, UNICAST3) sits under Huddle's, which stays as it is on multicast:
 * messages relayed from a multicast LAN by a bridge arrive with their senders' numbering.
 *
 * <p>Every TCP frame is sealed with the cluster's secret ({@link SealedTcp}): a stranger who reaches the port can
 * neither join nor read nor write. Without a secret the transport listens on loopback only. A frame that is not
 * one (a member speaking another protocol on the same cluster), or whose datagram is longer than
 * {@link MessageCodec#MAX_DATAGRAM}, is counted and dropped.
 *
 * <p>A datagram a bridge relays from another transport carries its origin ({@link Membership#relay}); listeners
 * are told that origin as its source (a member holds the secret, so its word is taken), and what is sent to that
 * origin alone goes to the member that relayed from it.
 */
@Component(configurationPid = JGroupsTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Transport.KIND + "=jgroups")
@Designate(ocd = JGroupsTransportConfig.class, factory = true)
public final class JGroupsTransport implements Transport {

    static final int MAX_ORIGINS = 4096;
    private static final long REFUSAL_NOTICE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final String clusterName;
    private final Channel defaultChannel;
    private final JChannel cluster;
    private final Logger log;
    /** Open channels by their names, as frames carry them. */
    private final Map<String, List<JGroupsMembership>> open = new ConcurrentHashMap<>();
    /** Probes under way, by channel name: they get what is sent to this member alone (the replies). */
    private final Map<String, List<DatagramListener>> probes = new ConcurrentHashMap<>();
    /** The TCP address the engine knows each member by (and {@link Membership#sendTo} finds it by). */
    private final Map<Address, InetSocketAddress> physical = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder receiveErrors = new LongAdder();
    /** Frames not sealed with the secret: strangers knocking. */
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastRefusalTold = new AtomicLong(System.nanoTime() - REFUSAL_NOTICE_NANOS);
    /** Who relayed lately from each origin (bounded: the oldest are forgotten), for {@link Membership#sendTo}. */
    private final Map<InetSocketAddress, Address> relayers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Address> eldest) {
            return size() > MAX_ORIGINS;
        }
    };
    private volatile InetSocketAddress self;
    private final boolean sealed;

    @Activate
    public JGroupsTransport(JGroupsTransportConfig config, @Reference(service = LoggerFactory.class) Logger log)
            throws Exception {
        this.log = log;
        this.name = config.huddle_transport_name();
        this.clusterName = ClusterStack.clusterName(config.cluster());
        this.defaultChannel = new Channel(groups(config.groups()), config.port());
        // JGroups' protocols take their logs when built: escaped from the first one on
        LogFactory.setCustomLogFactory(EscapedLog.FACTORY);
        String secret = ClusterSecret.read(config, log);
        FrameSeal seal = secret.isEmpty() ? null : FrameSeal.derive(secret, clusterName);
        this.sealed = seal != null;
        this.cluster = new JChannel(ClusterStack.of(config, seal, this::refused).toArray(new org.jgroups.stack.Protocol[0]));
        cluster.setDiscardOwnMessages(true);
        cluster.setReceiver(new Receiver() {
            @Override
            public void receive(Message message) {
                arrived(message);
            }

            @Override
            public void viewAccepted(View view) {
                members(view);
            }
        });
        try {
            cluster.connect(clusterName);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        self = physicalOf(cluster.getAddress());
        log.info("transport {}: {}", name, describe());
    }

    private static List<InetAddress> groups(String[] literals) throws UnknownHostException {
        List<InetAddress> groups = new ArrayList<>();
        for (String literal : ClusterStack.items(literals)) {
            groups.add(InetAddress.getByName(literal));
        }
        return groups;
    }

    @Deactivate
    void deactivate() {
        cluster.close();
        open.clear();
    }

    /** A frame that did not open: counted, and told at most once a minute (a stranger may knock a lot). */
    private void refused(Address claimed) {
        refused.increment();
        receiveErrors.increment();
        long last = lastRefusalTold.get();
        long now = System.nanoTime();
        if (now - last >= REFUSAL_NOTICE_NANOS && lastRefusalTold.compareAndSet(last, now)) {
            log.warn("transport {}: refused a connection from {} whose frames are not sealed with cluster {}'s "
                    + "secret ({} refused so far)", name, TerminalText.escape(String.valueOf(claimed)), clusterName,
                    refused.sum());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel defaultChannel() {
        return defaultChannel;
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) {
        JGroupsMembership m = new JGroupsMembership(this, channel, listener);
        add(open, m.name(), m);
        return m;
    }

    void closed(JGroupsMembership m) {
        remove(open, m.name(), m);
    }

    private static <T> void add(Map<String, List<T>> byChannel, String channel, T item) {
        byChannel.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(item);
    }

    private static <T> void remove(Map<String, List<T>> byChannel, String channel, T item) {
        byChannel.computeIfPresent(channel, (k, list) -> {
            list.remove(item);
            return list.isEmpty() ? null : list;
        });
    }

    void send(InetSocketAddress target, byte[] frame) throws IOException {
        Address destination = null;
        if (target != null) {
            // a handful of members, and only NACK answers and probe replies go to one: a search will do
            destination = physical.entrySet().stream().filter(e -> e.getValue().equals(target)).map(Map.Entry::getKey)
                    .findFirst().orElseGet(() -> relayer(target));
            if (destination == null) {
                sendErrors.increment();
                throw new IOException(target + " is no member of cluster " + clusterName);
            }
        }
        try {
            cluster.send(new BytesMessage(destination, frame));
            sent.increment();
            bytesSent.add(frame.length);
        } catch (Exception e) {
            sendErrors.increment();
            throw new IOException("cluster " + clusterName + ": " + e.getMessage(), e);
        }
    }

    boolean isOwn(InetSocketAddress source) {
        return source != null && source.equals(self);
    }

    private Address relayer(InetSocketAddress origin) {
        synchronized (relayers) {
            return relayers.get(origin);
        }
    }

    private void arrived(Message message) {
        received.increment();
        bytesReceived.add(message.getLength());
        InetSocketAddress member = physical.computeIfAbsent(message.getSrc(), this::physicalOf);
        Optional<ChannelFrames.Frame> frame = message.hasArray()
                ? ChannelFrames.read(message.getArray(), message.getOffset(), message.getLength())
                : Optional.empty();
        // no datagram of Huddle's is longer: a member sending one is not speaking Huddle (finding 9)
        if (frame.isEmpty() || member == null || frame.get().datagram().remaining() > MessageCodec.MAX_DATAGRAM) {
            receiveErrors.increment();
            return;
        }
        InetSocketAddress source = member;
        if (frame.get().origin() != null) {
            source = frame.get().origin();
            synchronized (relayers) {
                relayers.put(source, message.getSrc());
            }
        }
        for (JGroupsMembership m : open.getOrDefault(frame.get().channel(), List.of())) {
            deliver(m.listener(), frame.get().datagram(), source);
        }
        if (message.getDest() != null) {
            for (DatagramListener probe : probes.getOrDefault(frame.get().channel(), List.of())) {
                deliver(probe, frame.get().datagram(), source);
            }
        }
    }

    private void deliver(DatagramListener listener, ByteBuffer datagram, InetSocketAddress source) {
        try {
            listener.received(datagram.duplicate(), source);
        } catch (RuntimeException e) {
            // a listener's failure must not end JGroups' delivery to the others
            receiveErrors.increment();
            log.warn("transport {}: a listener failed on a datagram from {}", name, source, e);
        }
    }

    /**
     * Sends the probe to every member; what members send back to this one alone (their answers) goes to
     * {@code replies}, on the calling thread, until the timeout.
     */
    @Override
    public void probe(Channel channel, ByteBuffer datagram, Duration timeout, DatagramListener replies) throws IOException {
        String key = channel.toString();
        BlockingQueue<Map.Entry<ByteBuffer, InetSocketAddress>> answers = new LinkedBlockingQueue<>();
        DatagramListener collect = (payload, source) -> {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload);
            answers.add(Map.entry(copy.flip(), source));
        };
        add(probes, key, collect);
        try {
            send(null, ChannelFrames.frame(ChannelFrames.name(channel), datagram));
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left; (left = deadline - System.nanoTime()) > 0;) {
                Map.Entry<ByteBuffer, InetSocketAddress> answer = answers.poll(left, TimeUnit.NANOSECONDS);
                if (answer != null) {
                    replies.received(answer.getKey(), answer.getValue());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            remove(probes, key, collect);
        }
    }

    private void members(View view) {
        for (Address a : view.getMembers()) {
            physical.computeIfAbsent(a, this::physicalOf);
        }
        physical.keySet().removeIf(a -> !view.containsMember(a));
    }

    /** @return the member's TCP address, or {@code null} (not kept: asked again next time) while JGroups lacks it */
    private InetSocketAddress physicalOf(Address member) {
        Object p = cluster.down(new Event(Event.GET_PHYSICAL_ADDRESS, member));
        return p instanceof IpAddress ip ? new InetSocketAddress(ip.getIpAddress(), ip.getPort()) : null;
    }

    private String describe() {
        View view = cluster.getView();
        return "JGroups cluster " + clusterName + " on TCP " + (self == null ? "?" : self.getAddress().getHostAddress()
                + ":" + self.getPort()) + (sealed ? ", sealed with its secret" : ", loopback only (no secret)") + ", "
                + (view == null ? 0 : view.size()) + " member(s)";
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(name, describe(), sent.sum(), bytesSent.sum(), received.sum(), bytesReceived.sum(),
                sendErrors.sum(), receiveErrors.sum());
    }
}
