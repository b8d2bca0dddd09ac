package org.huddle.bench;

import java.util.List;
import java.util.Map;

/**
 * What one run measures: the same comparisons in both modes, the quick one with fewer messages, fewer
 * repetitions (a warm-up of 5,000, one convergence run), only the receiver counts the goals compare (1) plus
 * the largest (4), and on the LAN only (where the goals are decided); the full one on the LAN and on loopback.
 */
record BenchPlan(boolean quick, List<String> nets, List<String> systems, List<Integer> receivers, List<Integer> sizes,
        Map<Integer, Integer> maxRateCounts, int pacedRate, int pacedCount, int warmupCount, int formationRuns,
        int launchRuns) {

    static final List<Integer> SIZES = List.of(80, 1024, 8192);

    static BenchPlan full(List<String> systems) {
        return new BenchPlan(false, List.of("lan", "lo"), systems, List.of(1, 2, 4), SIZES, Map.of(80, 200_000, 1024, 100_000, 8192, 20_000),
                10_000, 50_000, 40_000, 5, 3);
    }

    static BenchPlan quick(List<String> systems) {
        return new BenchPlan(true, List.of("lan"), systems, List.of(1, 4), SIZES, Map.of(80, 20_000, 1024, 10_000, 8192, 2_000),
                10_000, 10_000, 5_000, 1, 1);
    }

    /** This plan for fewer receiver counts or payload sizes (null: as planned), when looking at one thing. */
    BenchPlan only(List<Integer> someReceivers, List<Integer> someSizes) {
        return new BenchPlan(quick, nets, systems, someReceivers == null ? receivers : someReceivers,
                someSizes == null ? sizes : someSizes, maxRateCounts, pacedRate, pacedCount, warmupCount, formationRuns,
                launchRuns);
    }

    /** This plan on other networks ({@code lan}, {@code lo}), in that order. */
    BenchPlan on(List<String> someNets) {
        return new BenchPlan(quick, someNets, systems, receivers, sizes, maxRateCounts, pacedRate, pacedCount, warmupCount,
                formationRuns, launchRuns);
    }

    /** Where the goals are decided: the LAN when the plan has it, as users' networks are; else loopback. */
    String goalNet() {
        return nets.contains("lan") ? "lan" : nets.get(0);
    }

    /**
     * Messages of a paced round. The quick run sends a tenth of them at 8 KiB: seven datagrams a message, more
     * than a receiver takes at 10,000 a second, so a flow-controlled sender needs many times as long (on the LAN
     * a few hundred messages a second with four receivers).
     */
    int pacedCount(int size) {
        return quick && size > 1024 ? pacedCount / 10 : pacedCount;
    }

    int maxRateCount(int size) {
        return maxRateCounts.get(size);
    }
}
