package org.huddle.itests.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.host.TimedLine;

/**
 * The soak's account of delivery, made after the soak from what every life of every node printed (each line stamped
 * by the test JVM as it read it, one clock for all) and from the soak's record of lives and room spells
 * ({@link SoakLife}). The rule it checks, "every message sent while both ends were present delivered exactly once",
 * with its words defined as {@link SoakBench} says:
 *
 * <ul>
 * <li><b>sent</b>: the sender's life printed it as its own ({@code [room] alice: sk-alice-1-17}), at that line's
 * moment <i>t</i>;</li>
 * <li><b>the sender present</b>: that life ran and stayed in the room from <i>t</i> to <i>t</i> + {@code deliveryTime}
 * (not killed, no leave commanded); a message said less than {@code deliveryTime} before its sender was killed is
 * counted apart (a loss the sender is gone to repair, and that nothing announces);</li>
 * <li><b>the receiver present</b>: one life of the receiver was in the room from <i>t</i> to <i>t</i> +
 * {@code deliveryTime}, and in that spell it had shown the sender's presence ({@code *** [room] alice joined room} or
 * {@code … is here}, about the sender's current life: printed after that life started) at least {@code settle}
 * before <i>t</i>: a receiver's window for a sender starts at the first thing it hears of it (docs/reliability.md);
 * </li>
 * <li><b>delivered exactly once</b>: the receiver, over all its lives, showed the message as incoming exactly once.
 * A message shown twice by a node counts against the verdict wherever it was sent.</li>
 * </ul>
 */
final class SoakLedger {

    /** A soak message as any node shows it: room, the handle shown (maybe {@code alice#3f2a}), the tag. */
    private static final Pattern MESSAGE = Pattern.compile("\\[([^\\]]+)\\] (\\S+): (sk-([a-z]+)-(\\d+)-(\\d+))");
    /** A presence notice: room, the peer's handle (without the id's start that a handle two nodes use gets). */
    private static final Pattern PRESENCE = Pattern.compile(
            "\\*\\*\\* \\[([^\\]]+)\\] ([^ #]+)(?:#[0-9a-f]{4})? (?:joined \\S+|is here)");
    /** The engine giving up a gap: {@code *** [lobby] lost 3 messages from bob in lobby}. */
    private static final Pattern LOST = Pattern.compile("\\*\\*\\* \\[[^\\]]+\\] lost (\\d+) messages? from .*");
    private static final int EXAMPLES = 5;

    /** One message, as its sender showed it sent. */
    private record Sent(String tag, SoakLife sender, String room, long at) {
    }

    /** What one receiver showed of one sender's messages that count (see the class comment). */
    record Pair(String sender, String receiver, int counted, int once, int missing, int repeated, List<String> examples) {
    }

    /**
     * The whole account.
     *
     * @param said             messages shown as sent, by room
     * @param pairs            per sender and receiver
     * @param notCounted       (message, receiver) pairs left out because an end was not present
     * @param beforeKill       (message, receiver) pairs of messages said less than the delivery time before the
     *                         sender was killed, the receiver present
     * @param beforeKillShown  of those, shown by the receiver
     * @param repeated         every message a node showed more than once, as {@code receiver: tag ×n}
     * @param lost             per receiver, the messages its engine reported lost ({@code *** … lost N messages})
     * @param latencyMillis    counted messages shown once: the receiver's line minus the sender's, p50, p99, max
     */
    record Figures(Map<String, Integer> said, List<Pair> pairs, long notCounted, long beforeKill, long beforeKillShown,
            List<String> repeated, Map<String, Long> lost, double[] latencyMillis) {

        int saidInAll() {
            return said.values().stream().mapToInt(Integer::intValue).sum();
        }

        long counted() {
            return pairs.stream().mapToLong(Pair::counted).sum();
        }

        long once() {
            return pairs.stream().mapToLong(Pair::once).sum();
        }

        long missing() {
            return pairs.stream().mapToLong(Pair::missing).sum();
        }
    }

    private SoakLedger() {
    }

    /** @return the text of message {@code n} of a node's life: {@code sk-alice-1-17} */
    static String tag(String handle, int life, long n) {
        return "sk-" + handle + "-" + life + "-" + n;
    }

    /**
     * @param lives        every life of every node, each ended (killed, or at the end of the soak)
     * @param deliveryTime how long a message may take to be shown, repair included
     * @param settle       how long after showing a sender's presence a receiver's window for it has surely started
     */
    static Figures of(List<SoakLife> lives, Duration deliveryTime, Duration settle) {
        long within = deliveryTime.toNanos();
        Set<String> handles = new LinkedHashSet<>();
        List<Sent> sent = new ArrayList<>();
        Map<String, Map<String, Integer>> shownBy = new HashMap<>();
        Map<String, Map<String, Long>> firstShownBy = new HashMap<>();
        Map<SoakLife, Map<String, List<Long>>> presenceSeenBy = new HashMap<>();
        Map<String, Long> lost = new TreeMap<>();
        for (SoakLife life : lives) {
            handles.add(life.handle());
            Map<String, Integer> shown = shownBy.computeIfAbsent(life.handle(), h -> new HashMap<>());
            Map<String, Long> firstShown = firstShownBy.computeIfAbsent(life.handle(), h -> new HashMap<>());
            Map<String, List<Long>> presence = presenceSeenBy.computeIfAbsent(life, l -> new HashMap<>());
            lost.putIfAbsent(life.handle(), 0L);
            Set<String> own = new HashSet<>();
            for (TimedLine line : life.node().timedLinesAfter(0)) {
                Matcher m = MESSAGE.matcher(line.text());
                if (m.matches()) {
                    String tag = m.group(3);
                    boolean mine = m.group(4).equals(life.handle()) && Integer.parseInt(m.group(5)) == life.number();
                    if (mine) {
                        if (own.add(tag)) {
                            sent.add(new Sent(tag, life, m.group(1), line.nanoTime()));
                        }
                    } else {
                        shown.merge(tag, 1, Integer::sum);
                        firstShown.putIfAbsent(tag, line.nanoTime());
                    }
                    continue;
                }
                Matcher p = PRESENCE.matcher(line.text());
                if (p.matches()) {
                    presence.computeIfAbsent(p.group(1) + " " + p.group(2), k -> new ArrayList<>()).add(line.nanoTime());
                    continue;
                }
                Matcher l = LOST.matcher(line.text());
                if (l.matches()) {
                    lost.merge(life.handle(), Long.parseLong(l.group(1)), Long::sum);
                }
            }
        }
        Map<String, Integer> said = new TreeMap<>();
        Map<String, int[]> pairCounts = new LinkedHashMap<>();
        Map<String, List<String>> examples = new HashMap<>();
        for (String s : handles) {
            for (String r : handles) {
                if (!s.equals(r)) {
                    pairCounts.put(s + " " + r, new int[4]);
                }
            }
        }
        long notCounted = 0;
        long beforeKill = 0;
        long beforeKillShown = 0;
        List<Double> latencies = new ArrayList<>();
        for (Sent m : sent) {
            said.merge(m.room(), 1, Integer::sum);
            long[] senderSpell = m.sender().spellAt(m.room(), m.at());
            boolean senderStays = senderSpell != null && senderSpell[1] >= m.at() + within;
            boolean senderKilledSoon = senderSpell != null && m.sender().killed() && m.sender().ended() < m.at() + within
                    && senderSpell[1] == m.sender().ended();
            for (String receiver : handles) {
                if (receiver.equals(m.sender().handle())) {
                    continue;
                }
                boolean receiverPresent = receiverPresent(lives, presenceSeenBy, receiver, m, within, settle.toNanos());
                int shown = shownBy.get(receiver).getOrDefault(m.tag(), 0);
                if (receiverPresent && senderStays) {
                    int[] c = pairCounts.get(m.sender().handle() + " " + receiver);
                    c[0]++;
                    if (shown == 1) {
                        c[1]++;
                        latencies.add((firstShownBy.get(receiver).get(m.tag()) - m.at()) / 1e6);
                    } else if (shown == 0) {
                        c[2]++;
                    } else {
                        c[3]++;
                    }
                    if (shown != 1) {
                        List<String> e = examples.computeIfAbsent(m.sender().handle() + " " + receiver, k -> new ArrayList<>());
                        if (e.size() < EXAMPLES) {
                            e.add(m.tag() + " in " + m.room() + " (shown " + shown + " times)");
                        }
                    }
                } else if (receiverPresent && senderKilledSoon) {
                    beforeKill++;
                    beforeKillShown += shown > 0 ? 1 : 0;
                } else {
                    notCounted++;
                }
            }
        }
        List<Pair> pairs = new ArrayList<>();
        pairCounts.forEach((key, c) -> {
            String[] ends = key.split(" ");
            pairs.add(new Pair(ends[0], ends[1], c[0], c[1], c[2], c[3], examples.getOrDefault(key, List.of())));
        });
        List<String> repeated = new ArrayList<>();
        shownBy.forEach((receiver, shown) -> shown.forEach((tag, n) -> {
            if (n > 1) {
                repeated.add(receiver + ": " + tag + " x" + n);
            }
        }));
        repeated.sort(null);
        latencies.sort(null);
        return new Figures(said, pairs, notCounted, beforeKill, beforeKillShown, repeated, lost,
                new double[] { percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100) });
    }

    /** Whether a life of {@code receiver} was present for {@code m} (see the class comment). */
    private static boolean receiverPresent(List<SoakLife> lives, Map<SoakLife, Map<String, List<Long>>> presenceSeenBy,
            String receiver, Sent m, long within, long settle) {
        for (SoakLife life : lives) {
            if (!life.handle().equals(receiver) || life.started() > m.at() || life.ended() <= m.at()) {
                continue;
            }
            long[] spell = life.spellAt(m.room(), m.at());
            if (spell == null || spell[1] < m.at() + within) {
                return false;
            }
            long from = Math.max(spell[0], m.sender().started());
            for (long seen : presenceSeenBy.get(life).getOrDefault(m.room() + " " + m.sender().handle(), List.of())) {
                if (seen >= from && seen < spell[1]) {
                    return seen + settle <= m.at();
                }
            }
            return false;
        }
        return false;
    }

    private static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
