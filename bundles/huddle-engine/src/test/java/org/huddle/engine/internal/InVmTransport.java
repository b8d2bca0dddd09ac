package org.huddle.engine.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;

/**
 * A test-only transport in the spirit of JGroups' SHARED_LOOPBACK: every membership opened on a channel of
 * one {@link Hub} receives every datagram sent on that channel by any membership of it (the sender's own
 * included, as multicast loop does), synchronously, with optional extra copies, loss and reordering to provoke
 * what real networks do. Each
 * transport has an address of its own, so unicast replies and probes work too.
 */
final class InVmTransport implements Transport {

    /**
     * The shared medium. Synchronous by default: a datagram is received on the sending thread, within the send
     * call. An asynchronous hub hands every datagram to one thread of its own instead, as a network does: with
     * several receivers repairing one sender's loss at once, a synchronous hub would run one receiver's
     * repair on another's timer thread while that one holds its own window, and deadlock.
     */
    static final class Hub {
        private record Member(DatagramListener listener) {
        }

        final Map<Channel, Set<Member>> channels = new ConcurrentHashMap<>();
        final Map<InetSocketAddress, DatagramListener> unicast = new ConcurrentHashMap<>();
        final AtomicInteger copies = new AtomicInteger(1);
        /** Percent of multicast datagrams each member loses, drawn per member and copy. */
        final AtomicInteger lossPercent = new AtomicInteger();
        /** The longest multicast datagram sent so far, in bytes. */
        final AtomicInteger longest = new AtomicInteger();
        /**
         * What members' listeners threw while an asynchronous hub delivered (a synchronous one throws it to the
         * sender): a receive path must never throw, as a transport's receive loop would only count it.
         */
        final List<Throwable> escaped = new CopyOnWriteArrayList<>();
        /** When set, each multicast datagram is held back and delivered after the next one: adjacent swaps. */
        volatile boolean swapAdjacent;
        private final Random random = new Random(4844);
        private final AtomicInteger nextPort = new AtomicInteger(40000);
        private final Map<Channel, Runnable> heldBack = new ConcurrentHashMap<>();
        private final ExecutorService wire;

        Hub() {
            this(false);
        }

        Hub(boolean asynchronous) {
            this.wire = asynchronous ? Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "in-vm-hub");
                t.setDaemon(true);
                return t;
            }) : null;
        }

        /** Stops the thread of an asynchronous hub; what it still had to deliver is dropped. */
        void close() {
            if (wire != null) {
                wire.shutdownNow();
            }
        }

        void deliver(Channel channel, ByteBuffer datagram, InetSocketAddress source) {
            ByteBuffer copy = ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate()).flip();
            longest.accumulateAndGet(copy.remaining(), Math::max);
            // Loss and reordering as set when the datagram was sent, also when it is delivered later.
            int loss = lossPercent.get();
            boolean swap = swapAdjacent;
            if (wire == null) {
                deliverNow(channel, copy, source, loss, swap);
            } else {
                onWire(() -> deliverNow(channel, copy, source, loss, swap));
            }
        }

        private void onWire(Runnable task) {
            try {
                wire.execute(task);
            } catch (RejectedExecutionException closed) {
                // the test is over
            }
        }

        private void deliverNow(Channel channel, ByteBuffer copy, InetSocketAddress source, int loss, boolean swap) {
            Runnable delivery = () -> {
                for (Member m : channels.getOrDefault(channel, Set.of())) {
                    for (int i = 0; i < copies.get(); i++) {
                        if (!lost(loss)) {
                            received(m, copy, source);
                        }
                    }
                }
            };
            if (!swap) {
                delivery.run();
                return;
            }
            Runnable previous = heldBack.remove(channel);
            if (previous == null) {
                heldBack.put(channel, delivery);
            } else {
                delivery.run();
                previous.run();
            }
        }

        private void received(Member m, ByteBuffer copy, InetSocketAddress source) {
            try {
                m.listener().received(copy.duplicate(), source);
            } catch (RuntimeException | Error e) {
                escaped.add(e);
                if (wire == null) {
                    throw e;
                }
            }
        }

        /** Waits until an asynchronous hub delivered what was sent before; what that sent in turn may follow. */
        void drain() throws InterruptedException {
            if (wire != null) {
                CountDownLatch done = new CountDownLatch(1);
                onWire(done::countDown);
                done.await(30, TimeUnit.SECONDS);
            }
        }

        private boolean lost(int percent) {
            if (percent == 0) {
                return false;
            }
            synchronized (random) {
                return random.nextInt(100) < percent;
            }
        }

        /** Delivers what {@link #swapAdjacent} still holds back. */
        void flush() {
            if (wire == null) {
                flushNow();
            } else {
                onWire(this::flushNow);
            }
        }

        private void flushNow() {
            for (Channel c : List.copyOf(heldBack.keySet())) {
                Runnable held = heldBack.remove(c);
                if (held != null) {
                    held.run();
                }
            }
        }

        InetSocketAddress newAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort.getAndIncrement());
        }
    }

    static final Channel CHANNEL = channel("239.255.72.68", 7446);

    static Channel channel(String group, int port) {
        try {
            return new Channel(List.of(InetAddress.getByName(group)), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final String name;
    private final Hub hub;
    private final InetSocketAddress self;
    private final AtomicLong sent = new AtomicLong();

    InVmTransport(String name, Hub hub) {
        this.name = name;
        this.hub = hub;
        this.self = hub.newAddress();
    }

    InetSocketAddress address() {
        return self;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel defaultChannel() {
        return CHANNEL;
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) {
        Hub.Member member = new Hub.Member(listener);
        hub.channels.computeIfAbsent(channel, c -> new CopyOnWriteArraySet<>()).add(member);
        return new Membership() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public void send(ByteBuffer datagram) {
                sent.incrementAndGet();
                hub.deliver(channel, datagram, self);
            }

            @Override
            public void sendTo(InetSocketAddress target, ByteBuffer datagram) {
                DatagramListener l = hub.unicast.get(target);
                if (l != null) {
                    l.received(datagram.duplicate(), self);
                }
            }

            @Override
            public boolean isOwn(InetSocketAddress source) {
                return self.equals(source);
            }

            @Override
            public void close() {
                hub.channels.getOrDefault(channel, Set.of()).remove(member);
            }
        };
    }

    @Override
    public void probe(Channel channel, ByteBuffer datagram, Duration timeout, DatagramListener replies)
            throws java.io.IOException {
        record Reply(ByteBuffer payload, InetSocketAddress source) {
        }
        BlockingQueue<Reply> queue = new LinkedBlockingQueue<>();
        InetSocketAddress from = hub.newAddress();
        hub.unicast.put(from, (payload, source) -> {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            queue.add(new Reply(copy, source));
        });
        try {
            hub.deliver(channel, datagram, from);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Reply r = queue.poll(left, TimeUnit.NANOSECONDS);
                if (r != null) {
                    replies.received(r.payload(), r.source());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unicast.remove(from);
        }
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(name, "in-VM", sent.get(), 0, 0, 0, 0, 0);
    }
}
