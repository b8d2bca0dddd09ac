package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportDiagnosis;
import org.huddle.api.transport.TransportDiagnosis.InterfaceReport;
import org.huddle.api.transport.TransportDiagnosis.JoinReport;
import org.huddle.api.transport.TransportStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A transport over IP multicast: one instance per factory configuration.
 *
 * <p>A changed configuration is applied in place: the open memberships on the default channel move to
 * the new channel and interfaces without being closed, the others to the new interfaces, so the engine
 * keeps its binding and nothing is re-joined. A configuration that cannot be used (an unknown interface, a
 * group that is not multicast, a port out of range) is refused: the transport keeps running on its last
 * good settings and says why in the log and in its statistics, never going silently deaf.
 *
 * <p>The interfaces are chosen again every {@code interfaces.rescan} seconds, so that a cable plugged in,
 * a Wi-Fi that comes back or a VPN that goes away is followed without a restart; the memberships move as
 * on a configuration change.
 */
@Component(configurationPid = MulticastTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Transport.KIND + "=multicast")
@Designate(ocd = MulticastTransportConfig.class, factory = true)
public final class MulticastTransport implements Transport {

    private final Warnings warnings;
    private final TransportCounters counters = new TransportCounters();
    private final HostAddresses hostAddresses = new HostAddresses();
    private final SocketContext context;
    private final InterfaceKinds kinds = InterfaceKinds.system();
    private final Set<MulticastMembership> memberships = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService rescanner;
    /** Held while the setup changes or memberships move: configuration updates, rescans and opens. */
    private final Object changing = new Object();
    private final InterfaceWatch watch;
    private ScheduledFuture<?> rescanning;
    private volatile String name;
    private volatile TransportSetup setup;
    private volatile String rejected;

    @Activate
    public MulticastTransport(MulticastTransportConfig config,
            @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this(config, new Warnings() {
            @Override
            public void warn(String message, Throwable cause) {
                log.warn(message, cause);
            }

            @Override
            public void info(String message) {
                log.info(message);
            }
        });
        log.info("transport {}: {}", name, setup.describe());
    }

    MulticastTransport(MulticastTransportConfig config, Warnings warnings) throws IOException {
        this.warnings = warnings;
        this.context = new SocketContext(counters, warnings, hostAddresses);
        this.watch = new InterfaceWatch(warnings);
        this.name = config.huddle_transport_name();
        // With no good settings yet there is nothing to fall back on: fail, and SCR logs why.
        this.setup = TransportSetup.of(config);
        hostAddresses.refresh();
        String threadName = "huddle-" + name + " interface rescan";
        this.rescanner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        synchronized (changing) {
            schedule(setup.rescanSeconds());
        }
    }

    @Modified
    void modified(MulticastTransportConfig config) {
        synchronized (changing) {
            TransportSetup next;
            try {
                next = TransportSetup.of(config);
            } catch (IOException e) {
                reject(e.getMessage());
                return;
            }
            for (MulticastMembership m : memberships) {
                if (m.followsDefault() && !(m.channel().equals(next.defaultChannel())
                        && m.isOn(next.interfaces(), next.settings()))) {
                    try {
                        m.reopen(next.defaultChannel(), next.interfaces().interfaces(), next.settings());
                    } catch (IOException e) {
                        reject("cannot open " + next.defaultChannel() + ": " + e.getMessage());
                        return;
                    }
                }
            }
            int period = setup.rescanSeconds();
            name = config.huddle_transport_name();
            setup = next;
            rejected = null;
            watch.reset();
            hostAddresses.refresh();
            // Rooms on channels of their own follow the new interfaces and socket settings too.
            watch.move(memberships, next, name);
            if (next.rescanSeconds() != period) {
                schedule(next.rescanSeconds());
            }
        }
    }

    private void reject(String why) {
        if (!why.equals(rejected)) {
            warnings.warn("transport " + name + ": configuration refused, still running on " + setup.describe()
                    + ": " + why, null);
        }
        rejected = why;
    }

    /** Called with {@link #changing} held. */
    private void schedule(int seconds) {
        if (rescanning != null) {
            rescanning.cancel(false);
            rescanning = null;
        }
        if (seconds > 0 && !rescanner.isShutdown()) {
            rescanning = rescanner.scheduleWithFixedDelay(this::rescan, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    /** Chooses the interfaces again, and moves every membership when the choice changed. */
    void rescan() {
        // An exception escaping a scheduled task would end the rescans for good.
        try {
            synchronized (changing) {
                hostAddresses.refresh();
                TransportSetup next = watch.rescan(setup, name);
                watch.move(memberships, next, name);
                // Only now: what the statistics describe is where the memberships are.
                setup = next;
            }
        } catch (RuntimeException e) {
            warnings.warn("transport " + name + ": interface rescan failed", e);
        }
    }

    @Deactivate
    void deactivate() {
        // Not shutdownNow: an interrupt could close a socket of a move half done. A rescan under way ends
        // first, so that it cannot reopen what is closed below.
        rescanner.shutdown();
        try {
            rescanner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MulticastMembership m : memberships) {
            m.close();
        }
        memberships.clear();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel defaultChannel() {
        return setup.defaultChannel();
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) throws IOException {
        // Not during a move: a membership opened on the interfaces of before would be left behind.
        synchronized (changing) {
            TransportSetup current = setup;
            MulticastMembership m = MulticastMembership.open(channel, current.interfaces().interfaces(),
                    current.settings(), listener, context, "huddle-" + name, channel.equals(current.defaultChannel()),
                    memberships::remove);
            memberships.add(m);
            return m;
        }
    }

    @Override
    public void probe(Channel channel, ByteBuffer datagram, Duration timeout, DatagramListener replies)
            throws IOException {
        TransportSetup current = setup;
        ProbeSocket.probe(channel, current.interfaces().interfaces(), current.settings(), datagram, timeout, replies,
                context);
    }

    @Override
    public TransportDiagnosis diagnose() {
        TransportSetup current = setup;
        List<JoinReport> joins = new ArrayList<>();
        int granted = 0;
        for (MulticastMembership m : memberships) {
            joins.addAll(m.joins());
            int g = m.receiveBufferGranted();
            if (g > 0) {
                granted = granted == 0 ? g : Math.min(granted, g);
            }
        }
        List<InterfaceReport> interfaces;
        try {
            interfaces = HostInterfaces.report(current.request(), current.interfaces(), current.rescanSeconds(), kinds);
        } catch (SocketException e) {
            warnings.warn("transport " + name + ": cannot list the network interfaces", e);
            interfaces = List.of();
        }
        SocketSettings settings = current.settings();
        return new TransportDiagnosis(name, settings.ttl(), settings.multicastLoop(), settings.receiveBuffer(), granted,
                interfaces, joins);
    }

    @Override
    public TransportStats stats() {
        String why = rejected;
        String trouble = watch.trouble();
        return counters.snapshot(name, "multicast " + setup.describe()
                + (trouble == null ? "" : " (interface rescan: " + trouble + "; staying on these interfaces)")
                + (why == null ? "" : " (configuration refused: " + why + "; running on these settings)"));
    }

    @Override
    public String toString() {
        return "multicast transport " + name + " (" + setup.describe() + ")";
    }
}
