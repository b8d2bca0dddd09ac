package org.huddle.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.huddle.bench.jmh.JmhSuite;
import java.util.Map;

/**
 * The end-to-end benchmark, started by {@code bench/run} inside a network namespace of its own: every
 * network (a {@link BenchLan} of namespaces, loopback), system, receiver count and payload side by side in one
 * run, then one table and one line per goal. Arguments: see the usage line in {@link #main}.
 */
public final class BenchRun {

    /** Flags of every member JVM, the same for all systems so that none is favoured. */
    static final List<String> JVM_FLAGS = jvmFlags();

    private static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-Xms256m", "-Xmx1g", "-Dfile.encoding=UTF-8"));
        String extra = System.getenv("BENCH_JVM_FLAGS"); // e.g. a flight recording when profiling
        if (extra != null && !extra.isBlank()) {
            flags.addAll(List.of(extra.trim().split("\\s+")));
        }
        return List.copyOf(flags);
    }

    static final String KARAF_VERSION = "4.4.10";

    private final BenchPlan plan;
    private final Path logs;
    /** Members' flags on every network: the cluster secret file of huddle-jgroups. */
    private final List<String> flags;
    private final PrintStream out;
    private final List<RoundResult> rounds = new ArrayList<>();
    private final Instant began = Instant.now();
    private final List<Formation> formations = new ArrayList<>();
    /** What could not be measured and why: a system that failed to start or to converge costs its rounds, not the run. */
    private final List<String> failures = new ArrayList<>();

    BenchRun(BenchPlan plan, Path logs, PrintStream out) throws IOException {
        this.plan = plan;
        this.logs = logs;
        List<String> all = new ArrayList<>(JVM_FLAGS);
        all.add("-D" + MemberNet.SECRET_FILE + "=" + secretFile(logs.getParent()));
        this.flags = List.copyOf(all);
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        boolean quick = argv.contains("--quick");
        List<String> systems = Systems.ALL;
        List<Integer> receivers = null;
        List<Integer> sizes = null;
        List<String> nets = null;
        boolean launch = true;
        boolean jmh = true;
        Path report = Path.of("bench/target/bench-report.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> { }
                case "--systems" -> systems = List.of(args[++i].split(","));
                case "--out" -> report = Path.of(args[++i]);
                case "--receivers" -> receivers = numbers(args[++i]);
                case "--sizes" -> sizes = numbers(args[++i]);
                case "--no-launch" -> launch = false;
                case "--no-jmh" -> jmh = false;
                case "--net" -> nets = switch (args[++i]) {
                    case "lan" -> List.of("lan");
                    case "lo" -> List.of("lo");
                    case "both" -> List.of("lan", "lo");
                    default -> usage("--net takes lo, lan or both, not " + args[i]);
                };
                default -> usage("unknown argument " + args[i]);
            }
        }
        Path logs = report.toAbsolutePath().getParent().resolve("bench-logs");
        Files.createDirectories(logs);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BenchPlan plan = (quick ? BenchPlan.quick(systems) : BenchPlan.full(systems)).only(receivers, sizes);
        if (nets != null) {
            plan = plan.on(nets);
        }
        Instant began = Instant.now();
        BenchRun run = new BenchRun(plan, logs, out);
        run.endToEnd();
        List<LaunchTimes.Launch> launches = launch ? run.launches() : List.of();
        String jmhTable = "";
        if (jmh) {
            out.println("JMH: the codec and crypto paths");
            jmhTable = JmhSuite.markdown(JmhSuite.run(quick));
        }
        BenchReport result = new BenchReport(plan, run.rounds, run.formations, Duration.between(began, Instant.now()));
        result.add(LaunchSection.markdown(launches), List.of(LaunchSection.goal(launches)));
        result.add(jmhTable, List.of());
        if (!run.failures.isEmpty()) {
            result.add("Not measured:\n\n" + run.failures.stream().map(f -> "- " + f + "\n").reduce("", String::concat), List.of());
        }
        Files.writeString(report, result.markdown());
        out.println();
        out.print(result.tables());
        out.println();
        result.floors().forEach(out::println);
        result.goals().forEach(out::println);
    }

    private static <T> T usage(String problem) {
        System.err.println("error: " + problem + "; usage: bench/run [--quick] [--net lo|lan|both] [--systems a,b] "
                + "[--receivers 1,2,4] [--sizes 80,1024,8192] [--no-launch] [--no-jmh] [--out FILE]");
        System.exit(2);
        throw new IllegalStateException("unreachable");
    }

    /**
     * A fresh cluster secret for the run, readable by its owner alone, as docs/deploy.md makes one; a file of its
     * own, so that two runs at once do not swap each other's, and deleted when the run ends.
     */
    private static Path secretFile(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "bench-jgroups-", ".secret", java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        byte[] secret = new byte[24];
        new java.security.SecureRandom().nextBytes(secret);
        Files.writeString(file, java.util.Base64.getEncoder().encodeToString(secret) + "\n");
        return file.toAbsolutePath();
    }

    private static List<Integer> numbers(String csv) {
        return Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
    }

    void endToEnd() throws IOException, InterruptedException {
        for (String name : plan.nets()) {
            try (BenchNet net = open(name, Math.max(4, plan.receivers().stream().mapToInt(r -> r).max().orElse(1) + 1))) {
                endToEnd(net);
                if (name.equals(plan.goalNet())) {
                    formation(net); // the convergence goal is decided where the others are
                }
            }
        }
    }

    /** The LAN (made now, deleted when closed) or loopback, for {@code members} members at most. */
    private BenchNet open(String name, int members) throws IOException {
        if (name.equals("lo")) {
            return BenchNet.LOOPBACK;
        }
        out.printf("LAN: %d namespaces on a bridge, veth MTU %d%n", members, BenchLan.MTU);
        return BenchLan.create(members);
    }

    private void endToEnd(BenchNet net) throws IOException, InterruptedException {
        for (int receivers : plan.receivers()) {
            for (String system : plan.systems()) {
                if (system.equals("raw-member") && receivers > 1) {
                    continue; // the floor of the 1-receiver throughput goal: more receivers add nothing to it
                }
                out.printf("%s, %s, %d receiver(s): starting, %d s into the run%n", net.name(), system, receivers,
                        Duration.between(began, Instant.now()).toSeconds());
                try (MemberGroup group = new MemberGroup(system, receivers + 1, flags, logs, net)) {
                    rounds(group);
                } catch (IOException e) {
                    failed(net.name() + " " + system + " " + receivers + " rcv", e);
                }
            }
        }
    }

    private void failed(String what, IOException e) {
        String line = what + ": " + e.getMessage();
        failures.add(line);
        out.println("  failed: " + line + " (the members' logs are in " + logs + ")");
    }

    private void rounds(MemberGroup group) throws IOException, InterruptedException {
        group.round(1024, plan.warmupCount(), 0); // JIT warm-up, not reported
        // paced rounds first: a system that an overrun leaves repairing for long (JGroups at 80 B
        // retransmits for tens of seconds) would otherwise carry that into the latency figures
        for (int size : plan.sizes()) {
            record(group.round(size, plan.pacedCount(size), plan.pacedRate()));
        }
        for (int size : plan.sizes()) {
            record(group.round(size, plan.maxRateCount(size), 0));
        }
    }

    private void record(RoundResult r) {
        rounds.add(r);
        out.printf("  %-3s %-14s %d rcv %5d B %-9s %7d/%-7d %9.0f msg/s  p50 %6d us  p99 %7d us  cpu %6.2f us/msg%n",
                r.net(), r.system(), r.receivers(), r.size(), r.paced() ? r.rate() + "/s" : "max", r.received(), r.count(),
                r.throughput(), r.p50Micros(), r.p99Micros(), r.cpuMicrosPerMessage());
    }

    private void formation(BenchNet net) throws IOException, InterruptedException {
        for (String system : plan.systems()) {
            if (system.startsWith("raw") || system.equals("huddle-sealed")) {
                continue; // raw multicast has no membership; sealed rooms form as open ones do
            }
            List<Long> runs = new ArrayList<>();
            for (int i = 0; i < plan.formationRuns(); i++) {
                try (MemberGroup group = new MemberGroup(system, 4, flags, logs, net)) {
                    runs.add(group.formationNanos());
                } catch (IOException e) {
                    failed(net.name() + " " + system + " 4 members see each other, run " + (i + 1), e);
                }
            }
            if (runs.isEmpty()) {
                continue;
            }
            Formation f = Formation.of(system, net.name(), runs);
            formations.add(f);
            out.printf("  %-3s %-14s 4 members see each other: median %.0f ms (runs %s)%n", f.net(), f.system(), f.medianMillis(), f.runsMillis());
        }
    }

    List<LaunchTimes.Launch> launches() throws IOException, InterruptedException {
        Path repository = Path.of(System.getProperty("bench.repository", System.getProperty("user.home") + "/.m2/repository"));
        Path karaf = repository.resolve("org/apache/karaf/apache-karaf/" + KARAF_VERSION + "/apache-karaf-" + KARAF_VERSION + ".tar.gz");
        out.printf("launch to ready: %d run(s) each%n", plan.launchRuns());
        List<LaunchTimes.Launch> launches = LaunchTimes.measure(Path.of("distribution/target/huddle"), karaf,
                Path.of("features/target/feature/feature.xml").toAbsolutePath(), repository, plan.launchRuns());
        for (LaunchTimes.Launch l : launches) {
            out.printf("  %-50s median %6.0f ms  idle RSS %.0f MiB%n", l.what(), l.median(), l.idleRssMiB());
        }
        return launches;
    }

    /** Times for four members to see each other, from the last one starting to join. */
    record Formation(String system, String net, List<Double> runsMillis) {
        static Formation of(String system, String net, List<Long> nanos) {
            return new Formation(system, net, nanos.stream().map(n -> n / 1e6).sorted().toList());
        }

        double medianMillis() {
            return runsMillis.get(runsMillis.size() / 2);
        }
    }

}
