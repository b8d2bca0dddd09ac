package org.huddle.itests.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When the soak does what, from its start: a run of 30 minutes (or longer) samples the nodes' resources at minute 5,
 * kills a node every 4 minutes (at 2, 6, 10, … minutes) and makes a node join or leave the second room every minute
 * (at 0:30, 1:30, …); a shorter run does the same at a third of its length, a third and a sixth, so that a try of 3
 * minutes kills twice and joins or leaves six times. The kills stop a minute before the end (a restarted node takes
 * up to half a minute to answer), the joins and leaves ten seconds before it; the two never fall together.
 *
 * @param length   how long messages are said
 * @param baseline when the resources compared at the end are sampled
 * @param kills    when a node is killed and started again
 * @param toggles  when a node joins or leaves the second room
 */
record SoakSchedule(Duration length, Duration baseline, List<Duration> kills, List<Duration> toggles) {

    static SoakSchedule of(Duration length) {
        if (length.toSeconds() < 60) {
            throw new IllegalArgumentException("a soak lasts a minute at least, not " + length);
        }
        Duration third = length.dividedBy(3);
        Duration baseline = min(Duration.ofMinutes(5), third);
        Duration killEvery = min(Duration.ofMinutes(4), third);
        Duration toggleEvery = min(Duration.ofMinutes(1), length.dividedBy(6));
        return new SoakSchedule(length, baseline, halfwayTimes(killEvery, length.minusSeconds(60)),
                halfwayTimes(toggleEvery, length.minusSeconds(10)));
    }

    /** @return the middle of each period before {@code until} */
    private static List<Duration> halfwayTimes(Duration period, Duration until) {
        List<Duration> times = new ArrayList<>();
        for (Duration t = period.dividedBy(2); t.compareTo(until) < 0; t = t.plus(period)) {
            times.add(t);
        }
        return List.copyOf(times);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return String.format("%.1f minutes, resources at minute %.1f, %d kills, %d joins or leaves", length.toMillis() / 60000.0,
                baseline.toMillis() / 60000.0, kills.size(), toggles.size());
    }
}
