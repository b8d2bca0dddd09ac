package org.huddle.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.huddle.codec.json.internal.WireCodecBench;
import org.huddle.engine.internal.sealing.SealBench;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH part of bench/run: the codec and crypto paths, one forked JVM, with the allocation per
 * operation (JMH's GC profiler) beside the time, since allocation is what the end-to-end tail pays for.
 */
public final class JmhSuite {

    /** One benchmark at one parameter. */
    public record Row(String benchmark, String size, double score, double error, String unit, double bytesPerOp) {
    }

    private JmhSuite() {
    }

    public static List<Row> run(boolean quick) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(WireCodecBench.class.getName())
                .include(SealBench.class.getName())
                .forks(1)
                .addProfiler(GCProfiler.class)
                .shouldDoGC(true);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(500));
        } else {
            options.warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            String name = r.getParams().getBenchmark();
            rows.add(new Row(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    r.getParams().getParam("size"), primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return rows;
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| JMH benchmark | size (bytes) | time | ± | allocated (B/op) |\n|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f %s | %.0f | %.0f |%n", r.benchmark(), r.size(), r.score(),
                    r.unit(), r.error(), r.bytesPerOp()));
        }
        return md.toString();
    }

    public static void main(String[] args) throws RunnerException {
        System.out.print(markdown(run(List.of(args).contains("--quick"))));
    }
}
