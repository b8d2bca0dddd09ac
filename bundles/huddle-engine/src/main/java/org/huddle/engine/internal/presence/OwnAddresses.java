package org.huddle.engine.internal.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.huddle.api.transport.TransportDiagnosis;
import org.huddle.engine.internal.channels.OpenChannels;

/**
 * This node's addresses for its {@code hello}: those of the interfaces the transport uses, so a peer can
 * tell one node on two networks from two nodes. Read from the transport's diagnosis, which walks the
 * host's interfaces, so at most once a minute; an interface that comes or goes shows within that.
 */
public final class OwnAddresses {

    /** As many as the wire takes ({@code addrs}: 16); a host with more is rare and the source address is what matters. */
    static final int MAX = 16;

    private static final long REFRESH_NANOS = 60_000_000_000L;

    private final Supplier<OpenChannels> binding;
    private final LongSupplier clock;
    private final BiConsumer<String, Throwable> warnings;
    private List<String> current = List.of();
    private long readAt;
    private boolean read;

    /** @param clock {@code System::nanoTime} */
    OwnAddresses(Supplier<OpenChannels> binding, LongSupplier clock, BiConsumer<String, Throwable> warnings) {
        this.warnings = warnings;
        this.binding = binding;
        this.clock = clock;
    }

    /** @return the addresses as IP literals (no prefix, no scope), at most {@link #MAX}; empty without a transport */
    synchronized List<String> current() {
        long now = clock.getAsLong();
        if (read && now - readAt < REFRESH_NANOS) {
            return current;
        }
        OpenChannels b = binding.get();
        if (b == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try {
            for (TransportDiagnosis.InterfaceReport nif : b.transport().diagnose().interfaces()) {
                if (nif.used() && !"loopback".equals(nif.kind())) {
                    nif.addresses().stream().map(OwnAddresses::literal).filter(a -> !a.isEmpty())
                            .forEach(found::add);
                }
            }
        } catch (RuntimeException e) {
            // peers go by the source address alone; a transport that cannot say is a bug worth a line
            warnings.accept("transport " + b.transport().name() + " could not list its addresses", e);
        }
        current = List.copyOf(found.subList(0, Math.min(MAX, found.size())));
        readAt = now;
        read = true;
        return current;
    }

    /** {@code fe80::1%lan0/64} → {@code fe80::1} */
    private static String literal(String address) {
        int end = address.length();
        int slash = address.indexOf('/');
        if (slash >= 0) {
            end = slash;
        }
        int scope = address.indexOf('%');
        if (scope >= 0 && scope < end) {
            end = scope;
        }
        return address.substring(0, end);
    }
}
