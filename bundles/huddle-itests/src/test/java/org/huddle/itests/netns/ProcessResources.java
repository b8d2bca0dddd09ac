package org.huddle.itests.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a process holds, read from Linux's {@code /proc/<pid>}: resident memory ({@code VmRSS} of {@code status}),
 * threads ({@code Threads} of {@code status}), open files (the entries of {@code fd/}) and the processor time it
 * used so far ({@code utime} + {@code stime} of {@code stat}, in clock ticks of 1/100 s, which is what Linux
 * reports to user space whatever its internal tick).
 *
 * @param pid          the process
 * @param residentKiB  resident memory in KiB
 * @param threads      threads, the JVM's own (compiler, GC) included
 * @param openFiles    file descriptors: files, sockets, pipes
 * @param cpuTicks     user and system time used since the process started, in 1/100 s
 * @param heap         a JVM's heap, when asked for ({@link JavaHeap#of}) and told; {@code null} otherwise
 */
record ProcessResources(long pid, long residentKiB, int threads, int openFiles, long cpuTicks, JavaHeap heap) {

    /**
     * A JVM's heap as {@code jcmd <pid> GC.heap_info} tells it, which explains most of a JVM's resident memory: what
     * the collector has committed (and so touched, sooner or later) and what is in use at that moment (live objects
     * and garbage not collected yet; no collection is forced, which would change what is measured).
     *
     * @param committedKiB the heap's committed size, in KiB
     * @param usedKiB      in use, in KiB
     */
    record JavaHeap(long committedKiB, long usedKiB) {

        private static final Pattern TOTAL = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");

        /** @return the JVM's heap, {@code null} when {@code jcmd} could not tell it (said on stderr) */
        static JavaHeap of(long pid) {
            Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                        .redirectErrorStream(true).start();
                // A few hundred bytes: the pipe never fills before it exits.
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    System.err.println("jcmd " + pid + " GC.heap_info did not answer within 30 s");
                    return null;
                }
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = TOTAL.matcher(out);
                if (!m.find()) {
                    System.err.println("jcmd " + pid + " GC.heap_info said no heap total: " + out);
                    return null;
                }
                return new JavaHeap(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            } catch (IOException e) {
                System.err.println("jcmd " + pid + " GC.heap_info failed: " + e.getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on every Linux this runs on). */
    static final int TICKS_PER_SECOND = 100;

    /**
     * @return the process's resources now
     * @throws IOException when the process is gone or {@code /proc} cannot be read
     */
    static ProcessResources of(long pid) throws IOException {
        Path proc = Paths.get("/proc", Long.toString(pid));
        long resident = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                resident = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        if (resident < 0 || threads < 0) {
            throw new IOException(proc + "/status has no VmRSS or Threads line: the process is a zombie or gone");
        }
        int files;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            files = (int) fds.count();
        }
        // The command (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // After the command, field 3 (state) is index 0: utime is field 14, stime field 15.
        long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new ProcessResources(pid, resident, threads, files, cpu, null);
    }

    /**
     * @param baseline the same process earlier
     * @return the change of each of resident memory, threads and open files, in percent of the baseline's
     */
    double[] changePercent(ProcessResources baseline) {
        return new double[] { percent(baseline.residentKiB, residentKiB), percent(baseline.threads, threads),
                percent(baseline.openFiles, openFiles) };
    }

    private static double percent(long from, long to) {
        return from == 0 ? (to == 0 ? 0 : Double.POSITIVE_INFINITY) : 100.0 * (to - from) / from;
    }
}
