package org.huddle.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * One run's table in markdown and its verdict on each goal of issue 20 (and those of issue 8 that stay), all
 * ratios from the same run and decided on the LAN's figures ({@link BenchPlan#goalNet()}); loopback's stay in
 * the table.
 */
final class BenchReport {

    /**
     * The payloads the goals with one receiver are decided at: those that every system sends as one datagram on
     * loopback. Huddle splits 8 KiB into parts of at most 1,232 bytes by design (one unfragmented packet on a
     * 1280-byte-MTU path), where raw multicast and JGroups send one 8 KiB datagram (one on loopback's 64 KiB
     * MTU, six IP fragments on the LAN's 1,500 bytes); the goals over every round include it.
     */
    static final List<Integer> GOAL_SIZES = List.of(80, 1024);

    /** Huddle's presence interval (engine default): a hello, the "beacon" of a room, every 5 s. */
    static final double BEACON_INTERVAL_MILLIS = 5000;

    /** The systems the goals are decided for, and the prefix of their goals' names: Huddle as the bench sets it
     * up beside raw multicast and JGroups, and as the distribution ships. */
    static final List<List<String>> GOAL_SYSTEMS = List.of(List.of("huddle", ""), List.of("huddle-dist", "dist-"));

    private final BenchPlan plan;
    private final List<RoundResult> rounds;
    private final List<BenchRun.Formation> formations;
    private final Duration took;
    private final List<String> sections = new ArrayList<>();
    private final List<Goal> extraGoals = new ArrayList<>();

    BenchReport(BenchPlan plan, List<RoundResult> rounds, List<BenchRun.Formation> formations, Duration took) {
        this.plan = plan;
        this.rounds = rounds;
        this.formations = formations;
        this.took = took;
    }

    /** A section of its own (launch times, JMH) and the goals it decides. */
    void add(String markdown, List<Goal> goals) {
        if (!markdown.isEmpty()) {
            sections.add(markdown);
        }
        extraGoals.addAll(goals);
    }

    /** The whole report, goals last in a block of their own. */
    String markdown() {
        StringBuilder md = new StringBuilder(tables());
        md.append("\n```\n");
        floors().forEach(f -> md.append(f).append('\n'));
        goals().forEach(g -> md.append(g).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    /** The report without its goals. */
    String tables() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s run, %d s, %s%n%n", plan.quick() ? "Quick" : "Full", took.toSeconds(), Machine.describe()));
        md.append("| net | system | receivers | payload | rate | delivered | loss | throughput (msg/s) | MB/s | p50 (µs) | p99 (µs) | max (µs) | CPU (µs/msg) | dup | out of order | late |\n");
        md.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RoundResult r : rounds) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d B | %s | %d / %d | %.2f%% | %.0f | %.1f | %d | %d | %d | %.2f | %d | %d | %d |%n",
                    r.net(), r.system(), r.receivers(), r.size(), r.paced() ? r.rate() + "/s" : "max", r.received(), r.count(),
                    r.lossPercent(), r.throughput(), r.throughput() * r.size() / 1e6, r.p50Micros(), r.p99Micros(),
                    r.maxMicros(), r.cpuMicrosPerMessage(), r.duplicates(), r.outOfOrder(), r.late()));
        }
        if (!formations.isEmpty()) {
            md.append("\n| net | system | 4 members see each other: median (ms) | runs (ms) |\n|---|---|---:|---|\n");
            for (BenchRun.Formation f : formations) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s |%n", f.net(), f.system(), f.medianMillis(),
                        f.runsMillis().stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList()));
            }
        }
        sections.forEach(s -> md.append('\n').append(s));
        return md.toString();
    }

    /**
     * {@code floor <name> <ratio>}: what a member of a group cannot avoid, when {@code raw-member} ran. Throughput at
     * the goal sizes with one receiver, least favourable first, as the goals have it.
     */
    List<String> floors() {
        List<String> lines = new ArrayList<>();
        worst(true, single(GOAL_SIZES, "raw-member", "raw", 0, RoundResult::throughput)).ifPresent(w ->
                lines.add(String.format(Locale.ROOT, "floor raw-member-vs-raw-throughput %.3f", w.ratio())));
        worst(true, single(GOAL_SIZES, "huddle", "raw-member", 0, RoundResult::throughput)).ifPresent(w ->
                lines.add(String.format(Locale.ROOT, "floor open-throughput-vs-raw-member %.3f", w.ratio())));
        return lines;
    }

    /** {@code goal <name> <measured> <target> met|missed[  worst: <round>]}, one line per goal. */
    List<String> goals() {
        List<Goal> goals = new ArrayList<>();
        goals.add(noLoss());
        for (List<String> s : GOAL_SYSTEMS) {
            String system = s.get(0);
            String prefix = s.get(1);
            // against JGroups: every round of the kind, every payload and receiver count
            goals.add(Goal.atLeast(prefix + "throughput-vs-jgroups",
                    worst(true, every(system, "jgroups", false, RoundResult::throughput)), 1.0));
            goals.add(Goal.atMost(prefix + "p99-at-10k-vs-jgroups",
                    worst(false, every(system, "jgroups", true, r -> r.p99Micros())), 0.5));
            goals.add(Goal.atMost(prefix + "cpu-per-message-vs-jgroups",
                    worst(false, every(system, "jgroups", false, RoundResult::cpuMicrosPerMessage)), 1.0));
            // one receiver, the payloads every system sends as one datagram
            goals.add(Goal.atLeast(prefix + "throughput-vs-raw",
                    worst(true, single(GOAL_SIZES, system, "raw", 0, RoundResult::throughput)), 1.0));
            goals.add(Goal.atMost(prefix + "p99-at-10k-ms",
                    worst(false, single(GOAL_SIZES, system, null, plan.pacedRate(), r -> r.p99Micros() / 1000.0)), 1.0));
        }
        goals.add(Goal.atLeast("encrypted-vs-open-throughput",
                worst(true, single(GOAL_SIZES, "huddle-sealed", "huddle", 0, RoundResult::throughput)), 0.7));
        goals.addAll(extraGoals);
        Optional<BenchRun.Formation> huddle = formations.stream()
                .filter(f -> f.system().equals("huddle") && f.net().equals(plan.goalNet())).findFirst();
        goals.add(Goal.lessThan("four-nodes-see-each-other-vs-beacon-interval",
                huddle.map(f -> new Worst(f.medianMillis() / BEACON_INTERVAL_MILLIS, null)), 1.0));
        return goals.stream().map(Goal::line).toList();
    }

    /** Messages lost in the worst round of any Huddle system (another build's, huddle-baseline, aside). */
    private Goal noLoss() {
        Optional<Worst> worst = Optional.empty();
        for (RoundResult r : rounds) {
            if (r.net().equals(plan.goalNet()) && Systems.isHuddle(r.system()) && !r.system().equals("huddle-baseline")) {
                Worst w = new Worst(r.count() - r.received(), r);
                if (worst.isEmpty() || w.ratio() > worst.get().ratio()) {
                    worst = Optional.of(w);
                }
            }
        }
        return Goal.count("no-loss", worst, 0);
    }

    /** A figure of {@code system} over {@code baseline}'s in every round of the kind both ran. */
    private List<Optional<Worst>> every(String system, String baseline, boolean paced, ToDoubleFunction<RoundResult> figure) {
        List<Optional<Worst>> ratios = new ArrayList<>();
        for (RoundResult a : rounds) {
            if (a.system().equals(system) && a.net().equals(plan.goalNet()) && a.paced() == paced) {
                find(baseline, a.receivers(), a.size(), a.rate()).ifPresent(b -> ratios.add(ratio(a, b, figure)));
            }
        }
        return ratios.isEmpty() ? List.of(Optional.empty()) : ratios;
    }

    /**
     * A figure of {@code system} over {@code baseline}'s (null: the figure itself) with one receiver at each of
     * {@code sizes}; missing when either did not run one of them.
     */
    private List<Optional<Worst>> single(List<Integer> sizes, String system, String baseline, int rate,
            ToDoubleFunction<RoundResult> figure) {
        List<Optional<Worst>> ratios = new ArrayList<>();
        for (int size : sizes) {
            Optional<RoundResult> a = find(system, 1, size, rate);
            Optional<RoundResult> b = baseline == null ? a : find(baseline, 1, size, rate);
            if (a.isEmpty() || b.isEmpty()) {
                ratios.add(Optional.empty());
            } else {
                ratios.add(baseline == null ? Optional.of(new Worst(figure.applyAsDouble(a.get()), a.get()))
                        : ratio(a.get(), b.get(), figure));
            }
        }
        return ratios;
    }

    private static Optional<Worst> ratio(RoundResult a, RoundResult b, ToDoubleFunction<RoundResult> figure) {
        double base = figure.applyAsDouble(b);
        return base == 0 ? Optional.empty() : Optional.of(new Worst(figure.applyAsDouble(a) / base, a));
    }

    /** The least favourable of the ratios: lowest when higher is better, else highest; missing if any is. */
    private static Optional<Worst> worst(boolean higherIsBetter, List<Optional<Worst>> ratios) {
        Optional<Worst> worst = Optional.empty();
        for (Optional<Worst> r : ratios) {
            if (r.isEmpty()) {
                return Optional.empty();
            }
            double v = r.get().ratio();
            if (worst.isEmpty() || (higherIsBetter ? v < worst.get().ratio() : v > worst.get().ratio())) {
                worst = r;
            }
        }
        return worst;
    }

    private Optional<RoundResult> find(String system, int receivers, int size, int rate) {
        return rounds.stream().filter(r -> r.system().equals(system) && r.net().equals(plan.goalNet())
                && r.receivers() == receivers && r.size() == size && r.rate() == rate).findFirst();
    }

    /** A measured ratio and the round it comes from (null when not a round's). */
    record Worst(double ratio, RoundResult round) {
        String where() {
            return round == null ? "" : String.format(Locale.ROOT, "  worst: %s %s %d rcv %d B %s", round.net(),
                    round.system(), round.receivers(), round.size(), round.paced() ? round.rate() + "/s" : "max");
        }
    }

    /** One goal's verdict. */
    record Goal(String name, Optional<Worst> measured, String comparison, double target, boolean count) {
        static Goal atLeast(String name, Optional<Worst> measured, double target) {
            return new Goal(name, measured, ">=", target, false);
        }

        static Goal atMost(String name, Optional<Worst> measured, double target) {
            return new Goal(name, measured, "<=", target, false);
        }

        static Goal lessThan(String name, Optional<Worst> measured, double target) {
            return new Goal(name, measured, "<", target, false);
        }

        /** A whole number of things (messages lost), at most {@code target}. */
        static Goal count(String name, Optional<Worst> measured, long target) {
            return new Goal(name, measured, "<=", target, true);
        }

        boolean met() {
            if (measured.isEmpty()) {
                return false;
            }
            double r = measured.get().ratio();
            return switch (comparison) {
                case ">=" -> r >= target;
                case "<=" -> r <= target;
                default -> r < target;
            };
        }

        String line() {
            String value = measured.map(w -> count ? String.valueOf((long) w.ratio())
                    : String.format(Locale.ROOT, "%.3f", w.ratio())).orElse("not-measured");
            return String.format(Locale.ROOT, "goal %s %s %s%s %s%s", name, value, comparison, trim(target),
                    met() ? "met" : "missed", measured.map(Worst::where).orElse(""));
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
