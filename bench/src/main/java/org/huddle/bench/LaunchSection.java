package org.huddle.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The launch times' part of the report, and the goal they decide. */
final class LaunchSection {

    private LaunchSection() {
    }

    static String markdown(List<LaunchTimes.Launch> launches) {
        if (launches.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("| launch to a chat: command that answers | median (ms) | runs (ms) | idle RSS (MiB) |\n|---|---:|---|---:|\n");
        for (LaunchTimes.Launch l : launches) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s |%n", l.what(), l.median(),
                    l.millis().stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList(),
                    Double.isNaN(l.idleRssMiB()) ? "" : String.format(Locale.ROOT, "%.0f", l.idleRssMiB())));
        }
        return md.toString();
    }

    /** The distribution's fresh start against Karaf booting the feature. */
    static BenchReport.Goal goal(List<LaunchTimes.Launch> launches) {
        Optional<BenchReport.Worst> ratio = launches.size() < 3 ? Optional.empty()
                : Optional.of(new BenchReport.Worst(launches.get(0).median() / launches.get(2).median(), null));
        return BenchReport.Goal.atMost("launch-to-ready-vs-karaf", ratio, 0.3);
    }
}
