package org.huddle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * From launch to a {@code chat:} command that answers, and the memory a node then holds idle: the Felix
 * distribution as a user starts it ({@code bin/huddle}, a fresh copy each time; then the same copy again,
 * warm) against a stock Apache Karaf that boots the huddle feature (its {@code featuresBoot}). Each is
 * asked {@code chat:rooms} from the moment it starts; ready is when the answer ("no rooms joined...")
 * is printed. Every node runs in the caller's network namespace (bench/run makes one): nothing leaves it.
 */
final class LaunchTimes {

    private static final String ANSWER = "no rooms joined";
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** Idle: after this long with nothing to do the resident memory is read. */
    private static final long IDLE_MILLIS = 3000;
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[ -/]*[0-~]|\r");

    /** One way of starting, measured {@code runs} times. */
    record Launch(String what, List<Double> millis, double idleRssMiB) {
        double median() {
            return millis.stream().sorted().toList().get(millis.size() / 2);
        }
    }

    private LaunchTimes() {
    }

    static List<Launch> measure(Path distribution, Path karafArchive, Path features, Path repository, int runs)
            throws IOException, InterruptedException {
        List<Launch> launches = new ArrayList<>();
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        double rss = 0;
        for (int i = 0; i < runs; i++) {
            Path copy = Files.createTempDirectory("huddle-launch");
            try {
                copyTree(distribution, copy);
                Result first = felix(copy);
                cold.add(first.millis);
                rss = first.rssMiB;
                warm.add(felix(copy).millis);
            } finally {
                delete(copy);
            }
        }
        launches.add(new Launch("Huddle distribution, fresh copy", cold, rss));
        launches.add(new Launch("Huddle distribution, started again", warm, Double.NaN));
        List<Double> karaf = new ArrayList<>();
        double karafRss = 0;
        for (int i = 0; i < runs; i++) {
            Path home = Files.createTempDirectory("huddle-karaf");
            try {
                Result r = karaf(karafArchive, home, features, repository);
                karaf.add(r.millis);
                karafRss = r.rssMiB;
            } finally {
                delete(home);
            }
        }
        launches.add(new Launch("stock Karaf 4.4.10 booting the huddle feature", karaf, karafRss));
        return launches;
    }

    private record Result(double millis, double rssMiB) {
    }

    private static Result felix(Path home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/huddle").toString()).directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("HUDDLE_CONSOLE", "pipe");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long start = System.nanoTime();
        Process p = builder.start();
        try {
            OutputStream in = p.getOutputStream();
            in.write("chat:rooms\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            double millis = awaitLine(p.getInputStream(), line -> line.startsWith(ANSWER), start);
            return new Result(millis, idleRss(p));
        } finally {
            stop(p, "stop 0\n");
        }
    }

    private static Result karaf(Path archive, Path home, Path features, Path repository)
            throws IOException, InterruptedException {
        run("tar", "xzf", archive.toString(), "-C", home.toString(), "--strip-components=1");
        configureKaraf(home, features, repository);
        // script gives Karaf's console the terminal it needs to read commands at all
        ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command",
                "stty cols 250 rows 50; exec " + home.resolve("bin/karaf"), "/dev/null").directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("TERM", "dumb");
        long start = System.nanoTime();
        Process p = builder.start();
        try {
            // asked again until it answers: until the feature is up, Karaf says the command is not found
            Thread asker = new Thread(() -> {
                try {
                    while (p.isAlive() && !Thread.currentThread().isInterrupted()) {
                        p.getOutputStream().write("chat:rooms\r".getBytes(StandardCharsets.UTF_8));
                        p.getOutputStream().flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the measurement is over
                }
            }, "karaf-asker");
            asker.setDaemon(true);
            asker.start();
            double millis = awaitLine(p.getInputStream(), line -> line.contains(ANSWER), start);
            asker.interrupt();
            asker.join();
            return new Result(millis, idleRss(karafJvm(p)));
        } finally {
            stop(p, "shutdown -f\r");
        }
    }

    /** The huddle feature in Karaf's own boot list, its bundles from the build's Maven repository only. */
    private static void configureKaraf(Path home, Path features, Path repository) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg)
                .replace("featuresRepositories = \\", "featuresRepositories = " + features.toUri() + ", \\")
                .replace("featuresBoot = \\", "featuresBoot = huddle, \\");
        Files.writeString(cfg, text);
        Files.writeString(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.localRepository = " + repository.toAbsolutePath(),
                "org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.repositories =",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false", ""));
    }

    /** The milliseconds from {@code start} to the first line that matches. */
    private static double awaitLine(InputStream out, Predicate<String> ready, long start) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null;) {
            if (ready.test(ESCAPES.matcher(line).replaceAll(""))) {
                return (System.nanoTime() - start) / 1e6;
            }
            if (System.nanoTime() - start > DEADLINE_NANOS) {
                break;
            }
        }
        throw new IOException("no '" + ANSWER + "' within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s");
    }

    /** Karaf's JVM is a grandchild: script, then the bin/karaf shell, then java. */
    private static ProcessHandle karafJvm(Process script) {
        return script.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(script.toHandle());
    }

    private static double idleRss(Process p) throws IOException, InterruptedException {
        return idleRss(p.toHandle());
    }

    private static double idleRss(ProcessHandle p) throws IOException, InterruptedException {
        Thread.sleep(IDLE_MILLIS); // idle on purpose: what a node holds when nothing happens
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static void stop(Process p, String command) throws InterruptedException {
        try {
            p.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        } catch (IOException gone) {
            // exited already
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException, InterruptedException {
        run("cp", "-a", from + "/.", to.toString());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    public static void main(String[] args) throws Exception {
        for (Launch l : measure(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]))) {
            System.out.printf("%-50s median %6.0f ms  runs %s  idle RSS %.0f MiB%n", l.what(), l.median(), l.millis(), l.idleRssMiB());
        }
    }
}
