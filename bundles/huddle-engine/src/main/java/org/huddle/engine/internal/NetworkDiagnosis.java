package org.huddle.engine.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import org.huddle.api.ChatException;
import org.huddle.api.Diagnosis.Finding;
import org.huddle.api.Diagnosis.Verdict;
import org.huddle.api.Diagnosis;
import org.huddle.api.Probe;
import org.huddle.api.ProbeReply;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.TransportDiagnosis.InterfaceReport;
import org.huddle.api.transport.TransportDiagnosis.JoinReport;
import org.huddle.api.transport.TransportDiagnosis;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.probes.InterfaceAddresses;
import org.huddle.engine.internal.probes.ProbeRun;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * Answers "why do I hear nobody?": looks at every interface and address family the transport uses, sends a
 * probe that must come back to this node (self-loop) and one that peers answer, and turns what it finds,
 * with the socket settings and drop counters, into one verdict per interface and family and a hint for every
 * problem.
 */
final class NetworkDiagnosis {

    /** Runs a probe as {@link org.huddle.api.ChatService#probe} does. */
    interface Prober extends BiFunction<Probe, java.util.function.Consumer<ProbeReply>, List<ProbeReply>> {
    }

    private final OpenChannels binding;
    private final Inbox inbox;
    private final EngineCounters counters;
    private final Prober prober;
    private final String selfId;
    private final String handle;
    private final MessageCodec codec;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> hints = new ArrayList<>();

    NetworkDiagnosis(OpenChannels binding, Inbox inbox, EngineCounters counters, Prober prober,
            String selfId, String handle, MessageCodec codec) {
        this.binding = binding;
        this.inbox = inbox;
        this.counters = counters;
        this.prober = prober;
        this.selfId = selfId;
        this.handle = handle;
        this.codec = codec;
    }

    Diagnosis run(Duration timeout) {
        TransportDiagnosis td = binding.transport().diagnose();
        Membership home = binding.find(RoomChannel.DEFAULT);
        Channel channel = home != null ? home.channel() : binding.transport().defaultChannel();
        List<InetSocketAddress> looped = new CopyOnWriteArrayList<>();
        long number = ProbeRun.newProbeNumber();
        inbox.watchOwnProbe(number, looped::add);
        List<ProbeReply> replies;
        try {
            if (home != null) {
                home.send(codec.encode(new Envelope(Envelope.Type.PING, selfId, handle, "", number,
                        System.currentTimeMillis(), "self-loop test")));
            }
            replies = peerProbe(channel, timeout);
        } catch (IOException e) {
            findings.add(new Finding("self-loop", Verdict.PROBLEM, "could not send on " + channel + ": " + e.getMessage()));
            replies = List.of();
        } finally {
            inbox.unwatchOwnProbe(number);
        }
        // A transport that reports no interfaces is no multicast transport (JGroups over TCP): interfaces, joins,
        // TTL and buffers are not its business, only whether peers answer.
        boolean multicast = !td.interfaces().isEmpty();
        if (!multicast) {
            findings.add(new Finding("transport", Verdict.OK, binding.transport().stats().description()
                    + " (not multicast: interfaces, TTL and buffers do not apply)"));
        }
        for (InterfaceReport nif : td.interfaces()) {
            if (nif.used()) {
                for (Family family : Family.of(channel)) {
                    judge(nif, family, channel, td, looped, replies);
                }
            } else if (nif.up()) {
                findings.add(new Finding(nif.name(), Verdict.OK, "not used: " + nif.note()));
            }
        }
        if (multicast && td.interfaces().stream().noneMatch(InterfaceReport::used)) {
            findings.add(new Finding("interfaces", Verdict.PROBLEM, "the transport uses no interface"));
            hints.add("no interface is in use: check interfaces / interfaces.exclude in "
                    + "load/org.huddle.transport.multicast-default.cfg and `ip link`");
        }
        peers(channel, replies, timeout, multicast);
        if (multicast) {
            settings(td);
        }
        drops();
        return new Diagnosis(findings, hints);
    }

    /** Probes the default channel: the one the verdicts are about, whichever room is current. */
    private List<ProbeReply> peerProbe(Channel channel, Duration timeout) {
        Probe probe = new Probe(channel.groups().stream().map(Channel::literal).toList(), channel.port(), timeout,
                "diagnose");
        try {
            return prober.apply(probe, r -> { });
        } catch (ChatException e) {
            findings.add(new Finding("probe", Verdict.PROBLEM, e.getMessage()));
            return List.of();
        }
    }

    private void judge(InterfaceReport nif, Family family, Channel channel, TransportDiagnosis td,
            List<InetSocketAddress> looped, List<ProbeReply> replies) {
        String subject = nif.name() + " " + family.label;
        List<String> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        facts.add(nif.kind() + (nif.up() ? ", up" : ", down") + (nif.multicast() ? ", multicast" : ", no multicast flag")
                + (nif.pointToPoint() ? ", point-to-point" : ""));
        List<InterfaceAddresses.Prefix> prefixes = InterfaceAddresses.of(nif, family.v6);
        if (prefixes.isEmpty()) {
            problems.add("no " + family.label + " address");
        }
        for (JoinReport join : td.joins()) {
            if (join.interfaceName().equals(nif.name()) && family.matches(join.group())) {
                if (join.joined()) {
                    facts.add("joined " + Channel.literal(join.group()));
                } else {
                    problems.add("join of " + Channel.literal(join.group()) + " failed: " + join.error());
                    hints.add("the system refused to join " + Channel.literal(join.group()) + " on " + nif.name() + " ("
                            + join.error() + "): check that " + nif.name() + " has " + family.label
                            + " enabled and is multicast-capable (`ip link show " + nif.name() + "`)");
                }
            }
        }
        boolean loopedHere = looped.stream().anyMatch(s -> InterfaceAddresses.isOwnAddress(prefixes, s.getAddress()));
        if (family.v6 && nif.kind().equals("loopback") && !nif.multicast()) {
            // Linux's lo carries IPv4 multicast between local sockets but not IPv6: expected, not a fault.
            findings.add(new Finding(subject, Verdict.OK, "IPv6 multicast does not work on " + nif.name()
                    + " (a Linux limit); IPv4 carries the traffic between instances on this host"));
            return;
        }
        if (td.multicastLoop()) {
            if (loopedHere) {
                facts.add("self-loop ok");
            } else if (!prefixes.isEmpty()) {
                problems.add("own probe did not come back");
                hints.add("this node's own probe did not come back on " + subject + ": a local firewall may drop "
                        + "multicast (allow UDP port " + channel.port() + ", e.g. `nft list ruleset`, `ufw status`), "
                        + "or the kernel has no multicast route for " + nif.name() + " (`ip route show table all | grep "
                        + (family.v6 ? "ff00::/8" : "224.0.0.0/4") + "`)");
            }
        }
        // A peer answers a probe once, over whichever family reached it first: count it for the interface.
        List<InterfaceAddresses.Prefix> anyFamily = new ArrayList<>(InterfaceAddresses.of(nif, false));
        anyFamily.addAll(InterfaceAddresses.of(nif, true));
        long answered = replies.stream().filter(r -> InterfaceAddresses.inSubnet(anyFamily, r.from().getAddress())).count();
        facts.add(answered + (answered == 1 ? " peer answered" : " peers answered"));
        if (answered == 0) {
            kindHint(nif, subject);
        }
        Verdict verdict = !problems.isEmpty() ? Verdict.PROBLEM : answered == 0 ? Verdict.WARNING : Verdict.OK;
        List<String> all = new ArrayList<>(problems);
        all.addAll(facts);
        findings.add(new Finding(subject, verdict, String.join("; ", all)));
    }

    /** What typically keeps multicast from peers on each kind of link. */
    private void kindHint(InterfaceReport nif, String subject) {
        switch (nif.kind()) {
            case "wireless" -> hints.add("no peer answered on " + subject + ": the access point may isolate clients or "
                    + "filter multicast (client isolation, IGMP snooping without a querier); try a wired link, or ask for "
                    + "multicast to be allowed between clients");
            case "vpn", "tunnel" -> hints.add(nif.name() + " is a VPN or tunnel: multicast rarely crosses one; leave it "
                    + "out with interfaces.exclude = " + nif.name());
            case "bridge", "veth" -> hints.add(nif.name() + " is a container or virtual bridge: only containers on this "
                    + "host are behind it; leave it out with interfaces.exclude = " + nif.name()
                    + " unless you chat with them");
            case "loopback" -> hints.add("only the loopback interface is in use, so only instances on this host are "
                    + "reachable: connect to a network, or name the LAN interface in interfaces");
            default -> {
                // ethernet and the rest: the generic hints of peers() apply
            }
        }
    }

    private void peers(Channel channel, List<ProbeReply> replies, Duration timeout, boolean multicast) {
        long huddle = replies.stream().filter(ProbeReply::huddle).count();
        if (replies.isEmpty()) {
            findings.add(new Finding("peers", Verdict.WARNING, "nobody answered a probe of " + channel + " within "
                    + timeout.toMillis() + " ms"));
            hints.add(multicast
                    ? "nobody answered: peers may be in another room or on another group or port (ask them for "
                            + "chat:rooms and probe that with chat:ping --group G --port P), a firewall on either side may "
                            + "drop UDP port " + channel.port() + ", or the switch may filter multicast (IGMP snooping "
                            + "without a querier)"
                    : "nobody answered: the other members may use another cluster name or be unreachable (chat:transport "
                            + "shows this node's; their TCP port, 7800 by default, must be open from here)");
        } else {
            findings.add(new Finding("peers", Verdict.OK, replies.size() + " answered a probe of " + channel + " ("
                    + huddle + " Huddle " + (huddle == 1 ? "node" : "nodes") + ")"));
        }
    }

    private void settings(TransportDiagnosis td) {
        if (td.ttl() == 0) {
            findings.add(new Finding("ttl", Verdict.PROBLEM, "TTL 0: nothing leaves this host"));
            hints.add("set ttl = 1 (or more to cross routers) in the transport configuration");
        } else {
            findings.add(new Finding("ttl", Verdict.OK, "TTL " + td.ttl() + (td.ttl() == 1
                    ? ": stays on the local segment, routers do not forward it" : ": may cross " + (td.ttl() - 1)
                            + " router(s) that forward multicast")));
        }
        int requested = td.receiveBufferRequested();
        int granted = td.receiveBufferGranted();
        // Java already halves what Linux reports (the kernel doubles the request for its bookkeeping).
        if (requested > 0 && granted > 0 && granted < requested) {
            findings.add(new Finding("receive buffer", Verdict.WARNING, "asked for " + requested + " bytes, the system "
                    + "granted " + granted));
            hints.add("the receive buffer is smaller than asked, so bursts may be dropped: raise the limit with "
                    + "`sysctl -w net.core.rmem_max=" + requested + "`");
        } else {
            findings.add(new Finding("receive buffer", Verdict.OK, requested == 0 ? "system default (" + granted + " bytes)"
                    : "asked for " + requested + " bytes, granted " + granted));
        }
    }

    private void drops() {
        Map<String, Long> dropped = counters.snapshot(List.of()).dropped();
        long total = dropped.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            findings.add(new Finding("drops", Verdict.OK, "no datagram dropped"));
            return;
        }
        StringBuilder detail = new StringBuilder(total + " datagrams dropped:");
        dropped.forEach((reason, n) -> {
            if (n > 0) {
                detail.append(' ').append(reason).append(' ').append(n);
            }
        });
        findings.add(new Finding("drops", Verdict.WARNING, detail.toString()));
        if (dropped.getOrDefault("foreign", 0L) + dropped.getOrDefault("not-json", 0L)
                + dropped.getOrDefault("bad-utf8", 0L) > 0) {
            hints.add("another program sends on the same group and port: choose another group or port in the transport "
                    + "configuration, or find it with `ss -uanp`");
        }
        if (dropped.getOrDefault("too-deep", 0L) + dropped.getOrDefault("too-long", 0L) > 0) {
            hints.add("someone sends datagrams built to strain a parser (nested too deep, or overlong numbers): no "
                    + "program sends those by mistake; they are dropped unread, and `tcpdump -n udp` shows who sends them");
        }
        if (dropped.getOrDefault("unsupported-version", 0L) > 0) {
            hints.add("some peers run a newer Huddle wire version: update this node");
        }
    }

    /** An address family of the channel. */
    private enum Family {
        IPV4("IPv4", false), IPV6("IPv6", true);

        final String label;
        final boolean v6;

        Family(String label, boolean v6) {
            this.label = label;
            this.v6 = v6;
        }

        boolean matches(InetAddress a) {
            return (a instanceof Inet6Address) == v6;
        }

        static List<Family> of(Channel channel) {
            List<Family> families = new ArrayList<>();
            for (Family f : values()) {
                if (channel.groups().stream().anyMatch(f::matches)) {
                    families.add(f);
                }
            }
            return families;
        }
    }
}
