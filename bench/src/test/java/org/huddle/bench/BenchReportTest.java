package org.huddle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static RoundResult round(String system, int size, int rate, double throughput, long p99) {
        return new RoundResult(system, 1, size, rate, 1000, 0.1, 1000, 0, throughput, p99 / 2, p99, p99 * 2, 10, 0, 0, 0);
    }

    private static List<RoundResult> rounds(double huddle80, double huddle1k, long huddleP99) {
        List<RoundResult> rounds = new ArrayList<>();
        for (int size : List.of(80, 1024)) {
            rounds.add(round("raw", size, 0, 100_000, 100));
            rounds.add(round("huddle", size, 0, size == 80 ? huddle80 : huddle1k, 100));
            rounds.add(round("huddle-sealed", size, 0, 70_000, 100));
            rounds.add(round("huddle", size, 10_000, 10_000, huddleP99));
            rounds.add(round("jgroups", size, 10_000, 10_000, 10_000));
        }
        return rounds;
    }

    private static List<String> goals(List<RoundResult> rounds, List<BenchRun.Formation> formations) {
        BenchPlan plan = BenchPlan.quick(Systems.ALL).only(List.of(1), List.of(80, 1024));
        return new BenchReport(plan, rounds, formations, Duration.ofSeconds(1)).goals();
    }

    @Test
    void eachGoalIsDecidedByItsLeastFavourablePayload() {
        List<String> goals = goals(rounds(90_000, 70_000, 1500), List.of(new BenchRun.Formation("huddle", List.of(300.0))));
        assertEquals(List.of(
                "goal open-throughput-vs-raw 0.700 >=0.8 missed",
                "goal p99-at-10k-vs-jgroups 0.150 <=0.2 met",
                "goal encrypted-vs-open-throughput 0.778 >=0.7 met",
                "goal four-nodes-see-each-other-vs-beacon-interval 0.060 <1 met"), goals);
    }

    @Test
    void aComparisonWithoutBothSidesIsNotMeasuredAndSoMissed() {
        List<RoundResult> noJGroups = new ArrayList<>(rounds(90_000, 90_000, 1500));
        noJGroups.removeIf(r -> r.system().equals("jgroups"));
        List<String> goals = goals(noJGroups, List.of());
        assertTrue(goals.contains("goal p99-at-10k-vs-jgroups not-measured <=0.2 missed"), goals.toString());
        assertTrue(goals.contains("goal four-nodes-see-each-other-vs-beacon-interval not-measured <1 missed"), goals.toString());
        assertTrue(goals.contains("goal open-throughput-vs-raw 0.900 >=0.8 met"), goals.toString());
    }
}
