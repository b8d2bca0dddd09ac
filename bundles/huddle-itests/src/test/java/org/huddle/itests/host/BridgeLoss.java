package org.huddle.itests.host;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packet loss on a {@link NamespaceLan}: nftables rules in the bridge's namespace that drop a share of the
 * frames the bridge forwards from and to chosen ports, picked at random per frame ({@code numgen random mod
 * 100 < N drop}; this kernel has no netem). Multicast and unicast alike, and ARP and IPv6 neighbour
 * discovery too, as on a lossy link.
 *
 * <p>One table of the bridge family, {@value #TABLE}, with a chain on the bridge's forward hook: a frame
 * from one port to another passes it once per output port (a flooded multicast frame once for each), with
 * {@code iifname} the port it came in on and {@code oifname} the one it goes out on. It is the bridge
 * family's own hook: br_netfilter, which hands bridged frames to the IP families' hooks, plays no part. A
 * measurement on the build machine's kernel (6.18) showed that bridged frames do pass it: 30% on one
 * host's port let 717 of 1000 multicast and 727 of 1000 unicast datagrams through to it, and
 * 677 of 1000 from it ({@code PacketLossIT} checks it on every run). Frames a host sends to itself never
 * reach the bridge, so its own loopback copies are never dropped.
 *
 * <p>Each change rewrites the whole table in one nft transaction (add, delete, define), so a port's two
 * rules never go out of step. The table lives in the LAN's bridge namespace and goes with it.
 */
final class BridgeLoss {

    /** The nftables table, in the bridge namespace only. */
    static final String TABLE = "huddle_loss";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    /** A rule's counter as {@code nft list} shows it; each rule has one, just before its drop. */
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ drop");

    private final String namespace;
    /** Loss in percent (1 to 100) by bridge port; ports without loss are absent. */
    private final Map<String, Integer> percentByPort = new TreeMap<>();
    /** Loss in percent (0 to 100) of every frame the bridge forwards, whatever its ports. */
    private int everywhere;

    BridgeLoss(String namespace) {
        this.namespace = namespace;
    }

    /** @return whether nftables' {@code nft} can be run */
    static boolean available() {
        try {
            SystemCommand.run(List.of("nft", "--version"), COMMAND_TIMEOUT);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Drops {@code percent}% of the frames from and to a port (each direction drawn on its own); 0 removes
     * the port's rules.
     *
     * @throws IOException when {@code nft} fails, with its stderr
     */
    synchronized void set(String port, int percent) throws IOException {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss is 0 to 100 percent, not " + percent);
        }
        Map<String, Integer> next = new TreeMap<>(percentByPort);
        if (percent == 0) {
            next.remove(port);
        } else {
            next.put(port, percent);
        }
        nft(script(next, everywhere));
        percentByPort.clear();
        percentByPort.putAll(next);
    }

    /**
     * Drops {@code percent}% of every frame the bridge forwards, 0 for none: one rule with no port to match, so each
     * copy of a frame, to each output port, is drawn once. Between any two hosts {@code percent}% of the frames are
     * lost, each way (per-port rules on both ends would draw twice per path). Adds to the per-port rules.
     *
     * @throws IOException when {@code nft} fails, with its stderr
     */
    synchronized void setEverywhere(int percent) throws IOException {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss is 0 to 100 percent, not " + percent);
        }
        nft(script(percentByPort, percent));
        everywhere = percent;
    }

    /** @return the table as {@code nft} lists it, with each rule's counters; empty when no port has loss */
    synchronized String rules() throws IOException {
        return percentByPort.isEmpty() && everywhere == 0 ? "" : nft("list table bridge " + TABLE);
    }

    private static String script(Map<String, Integer> percentByPort, int everywhere) {
        // "add" first, so that "delete" finds a table whether or not one was there.
        StringBuilder script = new StringBuilder("add table bridge " + TABLE + "\ndelete table bridge " + TABLE + "\n");
        if (percentByPort.isEmpty() && everywhere == 0) {
            return script.toString();
        }
        script.append("table bridge ").append(TABLE).append(" {\n  chain forward {\n")
                .append("    type filter hook forward priority 0; policy accept;\n");
        if (everywhere > 0) {
            script.append(rule("", "port", everywhere, "at every"));
        }
        for (Map.Entry<String, Integer> port : percentByPort.entrySet()) {
            script.append(rule("iifname", port.getKey(), port.getValue(), "from"))
                    .append(rule("oifname", port.getKey(), port.getValue(), "to"));
        }
        return script.append("  }\n}\n").toString();
    }

    private static String rule(String match, String port, int percent, String direction) {
        // numgen's "mod 100" yields 0 to 99, so "< 100" is refused: 100% is a plain drop.
        String draw = percent == 100 ? "" : "numgen random mod 100 < " + percent + " ";
        String which = match.isEmpty() ? "" : match + " \"" + port + "\" ";
        return "    " + which + draw + "counter drop comment \"" + percent + "% " + direction
                + " " + port + "\"\n";
    }

    /** @return the frames the rules dropped since the last change of the loss (each change resets them) */
    synchronized long dropped() throws IOException {
        long dropped = 0;
        Matcher counter = COUNTER.matcher(rules());
        while (counter.find()) {
            dropped += Long.parseLong(counter.group(1));
        }
        return dropped;
    }

    private String nft(String script) throws IOException {
        // One argument: nft parses its arguments as one script, newlines included.
        return SystemCommand.run(List.of("ip", "netns", "exec", namespace, "nft", script), COMMAND_TIMEOUT);
    }
}
