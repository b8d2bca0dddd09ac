package org.huddle.itests.netns;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.huddle.itests.Environment;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.huddle.itests.host.TestFiles;
import org.huddle.itests.host.TimedLine;
import org.junit.Assume;
import org.junit.Test;

/**
 * The soak (issue 20): four whole nodes (the unpacked distribution, default configuration, pipe mode) on a LAN of
 * namespaces, {@code alice}, {@code bob}, {@code carol} and {@code dave} on hosts 1 to 4, for {@code soak.minutes}
 * (default 30) at {@code soak.rate} messages a second in all (default 100), with {@code soak.loss}% (default 5) of
 * every frame the bridge forwards dropped ({@link NamespaceLan#lossEverywhere(int)}: between any two hosts 5% each
 * way, each receiver's copy of a multicast frame drawn on its own). All four are in {@code lobby}; {@code side} is
 * the room of the joins and leaves: alice and carol start in it, and every minute (a sixth of a short run) the next
 * node in turn joins or leaves it. Every 4 minutes (a third of a short run), half a period in, carol or dave in turn
 * is killed with SIGKILL and started again at once in its copy (its data kept, as a user's restart would); alice
 * and bob are never killed. The messages go round the nodes that are up, one every 1/rate s; each is
 * {@code sk-<sender>-<life>-<n>} ({@link SoakLedger#tag}), every tenth of a node that is in {@code side} said there.
 *
 * <p><b>The verdict</b>, printed at the end as {@code soak verdict: pass} or {@code fail} with the reasons and the
 * figures (also in {@code target/soak-report.txt}; every node's output in {@code target/soak/}):
 * <ul>
 * <li>every message sent while both ends were present delivered exactly once, where (see {@link SoakLedger}):
 * <i>sent</i> is the sender showing it as its own (its {@code chat:say} done; what a killed node had not sent yet
 * is not a message); the <i>sender present</i> from then for the {@value #DELIVERY_SECONDS} s a message may take,
 * repair included (not killed, not leaving the room), since a loss of its last messages is repaired by nobody once it
 * is gone, and nothing announces it (counted and shown apart); the <i>receiver present</i> over the same span, in
 * the room, having shown the sender's presence in the room ({@code joined}, {@code is here}, after its latest join
 * and after the sender's latest start) at least {@value #SETTLE_SECONDS} s before: a receiver's window for a sender
 * starts at the first thing it hears of it; <i>exactly once</i> over all the receiver's lives; any message a node
 * shows twice fails the verdict, counted or not;</li>
 * <li>resident memory (VmRSS), threads and open files of alice and bob, the nodes never killed, at the end within 10%
 * of their values at minute 5 (a third of a short run): theirs is the fair comparison, one process all along; a
 * restarted node's process is young at minute 5 (start-up threads still there, its heap still growing) or starts
 * after it, so carol's and dave's figures are printed, not judged;</li>
 * <li>no node exited by itself, each restarted node came back within {@value #STARTUP_SECONDS} s.</li>
 * </ul>
 *
 * <p>Its own set-up rather than {@link LanTestbed}'s: that rule prints every node's whole output into the report file
 * (here hundreds of thousands of lines; the soak writes them to files of their own), and waits for nodes on the test
 * thread, where a restart here must not stop the messages of the others. One thread drives everything (messages,
 * kills, joins and leaves, samples); the account is made after, from the lines.
 *
 * <p>Not part of {@code mvn verify} (its name does not end in IT): {@code bench/soak} runs it, or
 * {@code mvn -o verify -pl bundles/huddle-itests -Dit.test=SoakBench -Dsoak.minutes=3 -Dhuddle.test.timeout=…}
 * (docs/benchmarks.md). Needs root, iproute2 and nftables.
 */
public class SoakBench {

    static final int DELIVERY_SECONDS = 5;
    static final int SETTLE_SECONDS = 2;
    static final int STARTUP_SECONDS = 120;
    static final double TOLERANCE_PERCENT = 10;
    static final String LOBBY = "lobby";
    static final String SIDE = "side";

    private static final List<String> HANDLES = List.of("alice", "bob", "carol", "dave");
    /** Node indexes killed in turn: carol and dave. */
    private static final int[] VICTIMS = { 2, 3 };
    private static final int SIDE_EVERY = 10;
    private static final Duration DRAIN = Duration.ofSeconds(DELIVERY_SECONDS + 5);
    private static final Duration COMMAND = Duration.ofSeconds(60);

    private final double minutes = Double.parseDouble(System.getProperty("soak.minutes", "30"));
    private final int rate = Integer.getInteger("soak.rate", 100);
    private final int lossPercent = Integer.getInteger("soak.loss", 5);
    /** Engine settings for every node, {@code key=value,…} ({@code load/org.huddle.engine.cfg}); default: none. */
    private final String engine = System.getProperty("soak.engine", "").trim();

    private final List<SoakLife> lives = new ArrayList<>();
    private final SoakLife[] current = new SoakLife[HANDLES.size()];
    private final long[] counters = new long[HANDLES.size()];
    private final List<String> failures = new ArrayList<>();
    /** Seconds from each kill to the restarted node's console answering. */
    private final List<Double> restartSeconds = new ArrayList<>();
    private NamespaceLan lan;
    private Path homes;
    private int nextSender;
    private long said;
    private long skipped;

    @Test
    public void soak() throws IOException {
        // -Dit.test overrides both failsafe executions' includes; whole distribution nodes: once is enough.
        Assume.assumeFalse("runs in the Felix execution of failsafe only; skipped in the Equinox one",
                "org.eclipse.osgi".equals(System.getProperty("huddle.framework")));
        Environment.require("needs root to create network namespaces", NamespaceLan.isRoot());
        Environment.require("needs iproute2's `ip` on the PATH", NamespaceLan.ipAvailable());
        Optional<String> denied = NamespaceLan.probe();
        Environment.require("cannot create network namespaces here (" + denied.orElse("") + ")", denied.isEmpty());
        Environment.require("needs nftables' `nft` to drop packets at the bridge", NamespaceLan.nftAvailable());
        homes = Files.createTempDirectory("huddle-soak-");
        String report;
        try (NamespaceLan created = NamespaceLan.create(HANDLES.size())) {
            lan = created;
            try {
                report = run();
            } finally {
                for (SoakLife life : lives) {
                    life.node().close();
                }
                writeOutputs();
            }
        } finally {
            TestFiles.deleteTree(homes);
        }
        System.out.println(report);
        Path file = target().resolve("soak-report.txt");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        assertTrue(report, report.startsWith("soak verdict: pass"));
    }

    private String run() throws IOException {
        for (int i = 0; i < HANDLES.size(); i++) {
            start(i, 1, DistributionNode.from(DistributionNode.distribution()).directory(homes.resolve(HANDLES.get(i)))
                    .configure(DistributionNode.ENGINE_CFG, engineSettings()));
        }
        for (int i = 0; i < HANDLES.size(); i++) {
            DistributionNode node = current[i].node();
            node.ask("chat:nick " + HANDLES.get(i), ("you are now " + HANDLES.get(i))::equals, Duration.ofSeconds(STARTUP_SECONDS));
            current[i].ready(System.nanoTime());
            node.boundTransport(Duration.ofSeconds(STARTUP_SECONDS));
            node.ask("chat:join " + LOBBY, l -> l.startsWith("joined " + LOBBY + " "), COMMAND);
            current[i].joined(LOBBY, System.nanoTime());
            if (i % 2 == 0) {
                node.ask("chat:join " + SIDE, l -> l.startsWith("joined " + SIDE + " "), COMMAND);
                current[i].joined(SIDE, System.nanoTime());
                node.ask("chat:room " + LOBBY, ("current room is now " + LOBBY)::equals, COMMAND);
            }
        }
        lan.lossEverywhere(lossPercent);
        SoakSchedule schedule = SoakSchedule.of(Duration.ofMillis(Math.round(minutes * 60_000)));
        long start = System.nanoTime();
        long end = start + schedule.length().toNanos();
        Map<String, ProcessResources> baseline = null;
        CompletableFuture<Map<String, ProcessResources>> baselineHeaps = null;
        ProcessResources benchAtBaseline = null;
        long baselineAt = 0;
        int kills = 0;
        int toggles = 0;
        int nextToggler = 0;
        System.out.println("soak: " + schedule + ", " + rate + " messages/s, " + lossPercent + "% loss at the bridge"
                + (engine.isEmpty() ? "" : ", engine settings " + engine));
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            checkLives(now);
            long elapsed = now - start;
            if (kills < schedule.kills().size() && elapsed >= schedule.kills().get(kills).toNanos()) {
                kill(VICTIMS[kills % VICTIMS.length], now);
                kills++;
            }
            if (toggles < schedule.toggles().size() && elapsed >= schedule.toggles().get(toggles).toNanos()) {
                nextToggler = toggle(nextToggler, now);
                toggles++;
            }
            if (baseline == null && elapsed >= schedule.baseline().toNanos()) {
                baseline = sample();
                baselineAt = System.nanoTime();
                // jcmd takes a second or so per node: asked beside the sending, not in its way.
                baselineHeaps = CompletableFuture.supplyAsync(withHeaps(baseline));
                benchAtBaseline = ProcessResources.of(ProcessHandle.current().pid());
                System.out.println("soak: minute " + schedule.baseline().toSeconds() / 60.0 + ", resources " + baseline);
            }
            long due = elapsed * rate / 1_000_000_000L;
            if (due - said > rate) {
                // More than a second behind (a kill, a stalled pipe): what was missed is not made up in a burst.
                skipped += due - said - rate;
                said = due - rate;
            }
            while (said < due) {
                say();
                said++;
            }
            LockSupport.parkNanos(Math.min(5_000_000L, (said + 1) * 1_000_000_000L / rate - elapsed));
        }
        long stopped = System.nanoTime();
        for (long now = stopped; now < stopped + DRAIN.toNanos(); now = System.nanoTime()) {
            checkLives(now);
            LockSupport.parkNanos(50_000_000L);
        }
        Map<String, ProcessResources> last = withHeaps(sample()).get();
        if (baselineHeaps != null) {
            baseline = baselineHeaps.join();
        }
        ProcessResources benchAtEnd = ProcessResources.of(ProcessHandle.current().pid());
        long drained = System.nanoTime();
        for (SoakLife life : current) {
            if (life.ended() == Long.MAX_VALUE) {
                life.end(drained, false);
            }
        }
        if (kills < schedule.kills().size()) {
            failures.add("only " + kills + " of " + schedule.kills().size() + " kills done");
        }
        SoakLedger.Figures figures = SoakLedger.of(lives, Duration.ofSeconds(DELIVERY_SECONDS), Duration.ofSeconds(SETTLE_SECONDS));
        return SoakReport.write(new SoakReport.Run(schedule, rate, lossPercent, engine, (stopped - start) / 1e9, said - skipped, skipped,
                kills, toggles, restartSeconds, lan.droppedFrames(), failures, figures, baseline, last,
                benchAtBaseline, benchAtEnd, (drained - baselineAt) / 1e9, TOLERANCE_PERCENT));
    }

    /** @return {@link #engine} as keys and values, for trying the soak against other settings (or breaking it) */
    private Map<String, String> engineSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : engine.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("soak.engine takes key=value,…, not " + engine);
                }
                settings.put(kv[0].trim(), kv[1].trim());
            }
        }
        return settings;
    }

    /** Starts a life of node {@code index} on its host, with the handle set once its console answers. */
    private SoakLife start(int index, int number, DistributionNode.Builder builder) throws IOException {
        String handle = HANDLES.get(index);
        long at = System.nanoTime();
        DistributionNode node = builder.name(handle + "@h" + (index + 1) + "-life" + number)
                .commandPrefix(lan.hostCommandPrefix(index + 1)).start();
        SoakLife life = new SoakLife(handle, number, node, at);
        lives.add(life);
        current[index] = life;
        return life;
    }

    /** The next node that is up says the next message, in {@code side} every tenth time it is there. */
    private void say() {
        for (int tries = 0; tries < current.length; tries++) {
            int index = nextSender;
            nextSender = (nextSender + 1) % current.length;
            SoakLife life = current[index];
            if (!life.isReady()) {
                continue;
            }
            long n = ++counters[index];
            String tag = SoakLedger.tag(life.handle(), life.number(), n);
            try {
                if (n % SIDE_EVERY == 0 && life.isIn(SIDE)) {
                    life.node().send("chat:room " + SIDE);
                    life.node().send("chat:say " + tag);
                    life.node().send("chat:room " + LOBBY);
                } else {
                    life.node().send("chat:say " + tag);
                }
            } catch (UncheckedIOException exited) {
                // Its pipe closed: checkLives tells why on the next turn.
            }
            return;
        }
    }

    /** Notices a node that exited by itself, and a restarted one whose console answers (or that took too long). */
    private void checkLives(long now) {
        for (SoakLife life : current) {
            if (life.ended() != Long.MAX_VALUE) {
                continue;
            }
            if (!life.node().isAlive()) {
                failures.add(life + " exited by itself");
                life.end(now, false);
                continue;
            }
            if (life.ready() != Long.MAX_VALUE) {
                continue;
            }
            for (TimedLine line : life.node().timedLinesAfter(0)) {
                if (line.text().equals("you are now " + life.handle())) {
                    life.ready(line.nanoTime());
                    restartSeconds.add((line.nanoTime() - life.started()) / 1e9);
                    // It rejoined its rooms by itself, side included when it was there; the soak's messages go to lobby.
                    life.node().send("chat:room " + LOBBY);
                    break;
                }
            }
            if (life.ready() == Long.MAX_VALUE && now - life.started() > Duration.ofSeconds(STARTUP_SECONDS).toNanos()) {
                failures.add(life + " did not answer within " + STARTUP_SECONDS + " s of its restart");
                life.end(now, false);
                life.node().kill();
            }
        }
    }

    /** Kills node {@code index} with SIGKILL and starts it again in its copy at once. */
    private void kill(int index, long now) throws IOException {
        SoakLife life = current[index];
        if (!life.isReady()) {
            failures.add(life + " was not up when its kill was due");
            return;
        }
        List<String> rooms = life.rooms();
        life.end(now, true);
        life.node().kill();
        SoakLife next = start(index, life.number() + 1, DistributionNode.from(DistributionNode.distribution())
                .reuse(life.node().home()));
        // After a restart a node rejoins the rooms it was in (docs/console.md): in them from its start.
        rooms.forEach(room -> next.joined(room, next.started()));
        next.node().send("chat:nick " + life.handle());
        System.out.println("soak: killed " + life + ", started " + next);
    }

    /**
     * Makes node {@code index} (or the next one that is up) join {@code side}, or leave it when it is there.
     *
     * @return the node after it, for the next turn
     */
    private int toggle(int index, long now) {
        for (int tries = 0; tries < current.length; tries++, index = (index + 1) % current.length) {
            SoakLife life = current[index];
            if (!life.isReady()) {
                continue;
            }
            if (life.isIn(SIDE)) {
                // Counted as gone from the moment it is told to go: what is sent from then on is not its to show.
                life.left(SIDE, now);
                life.node().send("chat:leave " + SIDE);
            } else {
                life.node().send("chat:join " + SIDE);
                life.joined(SIDE, now);
            }
            life.node().send("chat:room " + LOBBY);
            return (index + 1) % current.length;
        }
        return index;
    }

    /** @return each running node's resources, by its life ({@code alice#1}) */
    private Map<String, ProcessResources> sample() {
        Map<String, ProcessResources> sampled = new LinkedHashMap<>();
        for (SoakLife life : current) {
            if (life.ended() == Long.MAX_VALUE) {
                try {
                    sampled.put(life.toString(), ProcessResources.of(life.node().pid()));
                } catch (IOException gone) {
                    failures.add("cannot read the resources of " + life + ": " + gone.getMessage());
                }
            }
        }
        return sampled;
    }

    /** @return the same samples with each JVM's heap ({@link ProcessResources.JavaHeap}), when asked */
    private static Supplier<Map<String, ProcessResources>> withHeaps(Map<String, ProcessResources> sampled) {
        return () -> {
            Map<String, ProcessResources> with = new LinkedHashMap<>();
            sampled.forEach((life, r) -> with.put(life, new ProcessResources(r.pid(), r.residentKiB(), r.threads(),
                    r.openFiles(), r.cpuTicks(), ProcessResources.JavaHeap.of(r.pid()))));
            return with;
        };
    }

    /** Every life's output to {@code target/soak/<life>.log}, for looking into a missing message. */
    private void writeOutputs() throws IOException {
        Path dir = target().resolve("soak");
        Files.createDirectories(dir);
        for (SoakLife life : lives) {
            Files.writeString(dir.resolve(life.handle() + "-life" + life.number() + ".log"), life.node().output() + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    private static Path target() throws IOException {
        Path target = Paths.get(System.getProperty("basedir", "."), "target");
        Files.createDirectories(target);
        return target;
    }
}
