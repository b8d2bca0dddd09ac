package org.huddle.itests.netns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.host.TimedLine;

/**
 * How numbered messages ({@code m0001}, {@code m0002}, ...) said by one sender in one room came out at a
 * receiver, from what both printed and when the test harness read each line: how many were shown, how
 * many twice, how many after a higher-numbered one, and how long after the sender showed each as sent
 * (both stamped on the test JVM's one clock).
 *
 * @param sent             how many the sender showed as sent
 * @param sendingMillis    from the sender showing the first as sent to showing the last
 * @param delivered        distinct messages the receiver showed
 * @param duplicates       lines showing a message it had shown before
 * @param orderViolations  messages shown after a higher-numbered one
 * @param latenciesMillis  for each delivered message, first showing at the receiver minus showing at the
 *                         sender, in milliseconds, sorted
 */
record DeliveryFigures(int sent, double sendingMillis, int delivered, int duplicates, int orderViolations, List<Double> latenciesMillis) {

    /** The text of message {@code number}: {@code m0001} for 1, so that lines sort and read alike. */
    static String text(int number) {
        return String.format("m%04d", number);
    }

    /**
     * @param room     the room the messages were said in
     * @param sender   the sender's handle
     * @param sentBy   what the sender printed during the round (its own messages, as sent)
     * @param shownBy  what the receiver printed during the round
     */
    static DeliveryFigures of(String room, String sender, List<TimedLine> sentBy, List<TimedLine> shownBy) {
        Pattern message = Pattern.compile(Pattern.quote("[" + room + "] " + sender + ": ") + "m(\\d{4})");
        Map<Integer, Long> sentAt = new HashMap<>();
        for (TimedLine line : sentBy) {
            Matcher m = message.matcher(line.text());
            if (m.matches()) {
                sentAt.putIfAbsent(Integer.parseInt(m.group(1)), line.nanoTime());
            }
        }
        Set<Integer> shown = new HashSet<>();
        List<Double> latencies = new ArrayList<>();
        int duplicates = 0;
        int orderViolations = 0;
        int highest = 0;
        for (TimedLine line : shownBy) {
            Matcher m = message.matcher(line.text());
            if (!m.matches()) {
                continue;
            }
            int number = Integer.parseInt(m.group(1));
            if (!shown.add(number)) {
                duplicates++;
                continue;
            }
            if (number < highest) {
                orderViolations++;
            }
            highest = Math.max(highest, number);
            Long sentNanos = sentAt.get(number);
            if (sentNanos != null) {
                latencies.add((line.nanoTime() - sentNanos) / 1e6);
            }
        }
        latencies.sort(null);
        double sendingMillis = sentAt.isEmpty() ? 0
                : (sentAt.values().stream().mapToLong(Long::longValue).max().getAsLong()
                        - sentAt.values().stream().mapToLong(Long::longValue).min().getAsLong()) / 1e6;
        return new DeliveryFigures(sentAt.size(), sendingMillis, shown.size(), duplicates, orderViolations, List.copyOf(latencies));
    }

    /** @return delivered as a share of sent, in percent */
    double rate() {
        return sent == 0 ? 0 : 100.0 * delivered / sent;
    }

    /**
     * @param percent 50 for the median
     * @return the latency at that percentile (nearest rank), in milliseconds; NaN when none was delivered
     */
    double latencyPercentile(int percent) {
        if (latenciesMillis.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * latenciesMillis.size());
        return latenciesMillis.get(Math.max(rank, 1) - 1);
    }
}
