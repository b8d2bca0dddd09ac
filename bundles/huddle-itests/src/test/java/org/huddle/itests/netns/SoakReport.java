package org.huddle.itests.netns;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The soak's verdict and figures as text: {@code soak verdict: pass} or {@code soak verdict: fail}, the reasons, then
 * the tables (markdown, for docs/benchmarks.md). See {@link SoakBench} for what is judged.
 */
final class SoakReport {

    private static final int MOST_REPEATED_SHOWN = 20;

    /** What the soak did and measured. */
    record Run(SoakSchedule schedule, int rate, int lossPercent, String engine, double sendingSeconds, long said, long skipped, int kills,
            int toggles, List<Double> restartSeconds, long droppedFrames, List<String> failures, SoakLedger.Figures figures,
            Map<String, ProcessResources> baseline, Map<String, ProcessResources> last, ProcessResources benchAtBaseline,
            ProcessResources benchAtEnd, double secondsBetweenSamples, double tolerancePercent) {
    }

    private SoakReport() {
    }

    static String write(Run run) {
        SoakLedger.Figures f = run.figures();
        List<String> reasons = new ArrayList<>(run.failures());
        if (f.counted() == 0) {
            reasons.add("no message counted: the harness is broken");
        }
        if (f.missing() > 0) {
            reasons.add(f.missing() + " of " + f.counted() + " messages sent while both ends were present were not shown");
        }
        if (!f.repeated().isEmpty()) {
            reasons.add(f.repeated().size() + " messages shown more than once by a node");
        }
        StringBuilder resources = new StringBuilder();
        int compared = resources(run, resources, reasons);
        if (compared == 0) {
            reasons.add("no node that was never killed ran from the baseline to the end: nothing to compare resources with");
        }

        StringBuilder out = new StringBuilder();
        out.append("soak verdict: ").append(reasons.isEmpty() ? "pass" : "fail").append('\n');
        reasons.forEach(r -> out.append("  - ").append(r).append('\n'));
        out.append(String.format("%nSoak of %s, %d cores, Linux %s, Java %s: 4 nodes, %s.%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"), System.getProperty("java.version"), run.schedule()));
        out.append(String.format("Sent: %d messages/s asked, %.1f said (%d messages in %.0f s: %s; %d skipped when the"
                + " driver fell more than a second behind); %d%% loss at the bridge, %d frames dropped.%n",
                run.rate(), run.said() / run.sendingSeconds(), f.saidInAll(), run.sendingSeconds(), f.said(), run.skipped(),
                run.lossPercent(), run.droppedFrames()));
        out.append("Engine settings: ").append(run.engine().isEmpty() ? "the distribution's" : run.engine()).append(".\n");
        out.append(String.format("Kills: %d (restart to answering: %s s); joins or leaves of side: %d.%n", run.kills(),
                run.restartSeconds().stream().map(s -> String.format("%.1f", s)).toList(), run.toggles()));
        out.append(String.format("%nDelivery: messages sent while both ends were present (the sender up and in the room for"
                + " %d s after, the receiver in it for as long, having shown the sender's presence %d s before):%n",
                SoakBench.DELIVERY_SECONDS, SoakBench.SETTLE_SECONDS));
        out.append("| sender -> receiver | counted | shown once | missing | shown more than once |\n|---|---:|---:|---:|---:|\n");
        for (SoakLedger.Pair p : f.pairs()) {
            out.append(String.format("| %s -> %s | %d | %d | %d | %d |%n", p.sender(), p.receiver(), p.counted(), p.once(),
                    p.missing(), p.repeated()));
        }
        out.append(String.format("| all | %d | %d | %d | %d |%n", f.counted(), f.once(), f.missing(),
                f.pairs().stream().mapToLong(SoakLedger.Pair::repeated).sum()));
        for (SoakLedger.Pair p : f.pairs()) {
            if (!p.examples().isEmpty()) {
                out.append("  ").append(p.sender()).append(" -> ").append(p.receiver()).append(": ")
                        .append(String.join(", ", p.examples())).append('\n');
            }
        }
        out.append(String.format("Latency of those shown once (receiver's line minus sender's): median %.1f ms, p99 %.1f ms,"
                + " max %.1f ms.%n", f.latencyMillis()[0], f.latencyMillis()[1], f.latencyMillis()[2]));
        out.append(String.format("Not judged: %d (message, receiver) pairs said less than %d s before the sender was killed,"
                + " %d of them shown; %d pairs with an end not present.%n", f.beforeKill(), SoakBench.DELIVERY_SECONDS,
                f.beforeKillShown(), f.notCounted()));
        out.append("Engines' own loss notices (*** lost N messages), by receiver: ").append(f.lost()).append('\n');
        out.append("Shown more than once: ").append(f.repeated().isEmpty() ? "none"
                : String.join(", ", f.repeated().subList(0, Math.min(MOST_REPEATED_SHOWN, f.repeated().size()))))
                .append('\n');
        out.append(resources);
        return out.toString();
    }

    /**
     * Writes the resources table and adds a reason for each figure out of tolerance.
     *
     * @return how many nodes were compared
     */
    private static int resources(Run run, StringBuilder out, List<String> reasons) {
        double minutes = run.schedule().baseline().toMillis() / 60000.0;
        out.append(String.format("%nResources at minute %.1f and at the end (judged: the nodes never killed; within"
                + " %.0f%%):%n", minutes, run.tolerancePercent()));
        out.append("| node | resident memory (MiB) | threads | open files | CPU between (cores) | judged | Java heap"
                + " committed / in use (MiB) |\n|---|---|---|---|---:|---|---|\n");
        int compared = 0;
        for (Map.Entry<String, ProcessResources> end : run.last().entrySet()) {
            ProcessResources then = run.baseline() == null ? null : run.baseline().get(end.getKey());
            ProcessResources now = end.getValue();
            if (then == null || then.pid() != now.pid()) {
                out.append(String.format("| %s | - → %.1f | - → %d | - → %d | - | no: started after minute %.1f | - → %s |%n",
                        end.getKey(), now.residentKiB() / 1024.0, now.threads(), now.openFiles(), minutes, heap(now)));
                continue;
            }
            double[] change = now.changePercent(then);
            if (!end.getKey().endsWith("#1")) {
                // A restarted node's process was young at the baseline (its start-up threads, its heap still growing).
                out.append(String.format("| %s | %.1f → %.1f (%+.1f%%) | %d → %d (%+.1f%%) | %d → %d (%+.1f%%) | %.2f | no: restarted | %s → %s |%n",
                        end.getKey(), then.residentKiB() / 1024.0, now.residentKiB() / 1024.0, change[0], then.threads(),
                        now.threads(), change[1], then.openFiles(), now.openFiles(), change[2], cores(then, now, run),
                        heap(then), heap(now)));
                continue;
            }
            compared++;
            String[] names = { "resident memory", "threads", "open files" };
            List<String> over = new ArrayList<>();
            for (int i = 0; i < change.length; i++) {
                if (Math.abs(change[i]) > run.tolerancePercent()) {
                    over.add(names[i]);
                    reasons.add(String.format("%s: %s %+.1f%% from minute %.1f", end.getKey(), names[i], change[i], minutes));
                }
            }
            out.append(String.format("| %s | %.1f → %.1f (%+.1f%%) | %d → %d (%+.1f%%) | %d → %d (%+.1f%%) | %.2f | %s | %s → %s |%n",
                    end.getKey(), then.residentKiB() / 1024.0, now.residentKiB() / 1024.0, change[0], then.threads(),
                    now.threads(), change[1], then.openFiles(), now.openFiles(), change[2],
                    cores(then, now, run), over.isEmpty() ? "yes, within" : "yes, out: " + String.join(", ", over),
                    heap(then), heap(now)));
        }
        if (run.benchAtBaseline() != null) {
            out.append(String.format("The soak's own JVM (driver and accounting): %.2f cores between the two samples.%n",
                    cores(run.benchAtBaseline(), run.benchAtEnd(), run)));
        }
        return compared;
    }

    /** @return {@code committed / in use} in MiB, {@code ?} when jcmd did not tell */
    private static String heap(ProcessResources r) {
        return r.heap() == null ? "?"
                : String.format("%.0f / %.0f", r.heap().committedKiB() / 1024.0, r.heap().usedKiB() / 1024.0);
    }

    /** @return processor time used between the two samples, in cores (seconds of CPU per second) */
    private static double cores(ProcessResources then, ProcessResources now, Run run) {
        return (now.cpuTicks() - then.cpuTicks()) / (double) ProcessResources.TICKS_PER_SECOND / run.secondsBetweenSamples();
    }
}
