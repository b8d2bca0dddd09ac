package org.huddle.shell.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportDiagnosis;
import org.huddle.api.transport.TransportStats;

/**
 * A network in which everyone else is an attacker, for a real engine under the shell's commands: what the
 * engine sends goes nowhere, what a test makes {@link #arrive} is received as from another host, and probes
 * are answered with what the test chose. Nothing leaves the JVM.
 */
final class HostileNetwork implements Transport {

    static final Channel CHANNEL = channel("239.255.72.68", 7446);

    private final Map<Channel, Set<DatagramListener>> listeners = new ConcurrentHashMap<>();
    private final List<Function<ByteBuffer, byte[]>> probeAnswers = new CopyOnWriteArrayList<>();
    private volatile String interfaceName = "lo";

    static Channel channel(String group, int port) {
        try {
            return new Channel(List.of(InetAddress.getByName(group)), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An address of a host on the network, by its last byte (TEST-NET-2, which nothing routes). */
    static InetSocketAddress host(int last, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] { (byte) 198, 51, 100, (byte) last }), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Delivers a datagram to whoever listens on the channel, on the calling thread, as a receive loop would. */
    void arrive(Channel channel, byte[] datagram, InetSocketAddress from) {
        for (DatagramListener l : listeners.getOrDefault(channel, Set.of())) {
            l.received(ByteBuffer.wrap(datagram), from);
        }
    }

    /** Every probe from now on gets this answer, made from the probe's bytes, from a host of its own. */
    void answerProbes(Function<ByteBuffer, byte[]> answer) {
        probeAnswers.add(answer);
    }

    /** What {@link #diagnose} says the interface is called: the system's name, which root may choose. */
    void interfaceName(String name) {
        interfaceName = name;
    }

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public Channel defaultChannel() {
        return CHANNEL;
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArraySet<>()).add(listener);
        return new Membership() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public void send(ByteBuffer datagram) {
                // nobody here is worth telling anything
            }

            @Override
            public void close() {
                listeners.getOrDefault(channel, Set.of()).remove(listener);
            }
        };
    }

    @Override
    public void probe(Channel channel, ByteBuffer datagram, Duration timeout, DatagramListener replies)
            throws IOException {
        int host = 10;
        for (Function<ByteBuffer, byte[]> answer : probeAnswers) {
            replies.received(ByteBuffer.wrap(answer.apply(datagram.duplicate())), host(host++, 10000));
        }
    }

    @Override
    public TransportDiagnosis diagnose() {
        String nif = interfaceName;
        return new TransportDiagnosis(name(), 1, true, 0, 212992,
                List.of(new TransportDiagnosis.InterfaceReport(nif, 1, "other", true, true, false,
                        List.of("198.51.100.1/24"), true, "named in interfaces")),
                List.of(new TransportDiagnosis.JoinReport(nif, CHANNEL.groups().get(0), CHANNEL.port(), "")));
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(name(), "everyone else is an attacker", 0, 0, 0, 0, 0, 0);
    }
}
