package org.huddle.itests;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * A deadline for every integration test (Failsafe's listener, for JUnit 4 and Pax Exam alike): when a test class or
 * test goes on for longer than {@value #PROPERTY} seconds (default 300) without starting or finishing anything, the
 * hang is told on stderr with the name of what was running and every thread's stack, and the test JVM exits. Its
 * shutdown hooks stop the nodes and delete the namespaces it made; Failsafe reports the fork as crashed, so the
 * build fails within minutes with the name, instead of running into CI's limit.
 *
 * <p>Threads: JUnit calls the listener on the test thread; one daemon thread of its own waits for the deadline.
 */
@RunListener.ThreadSafe
public final class HangWatch extends RunListener {

    /** System property: seconds without progress before a test counts as hung. */
    public static final String PROPERTY = "huddle.test.timeout";

    private static final Duration EXIT_GRACE = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test hang watch");
        t.setDaemon(true);
        return t;
    });
    private final long seconds = Long.getLong(PROPERTY, 300);
    private ScheduledFuture<?> deadline;

    @Override
    public void testSuiteStarted(Description suite) {
        progress("class " + suite.getDisplayName() + " (its set-up or tear-down)");
    }

    @Override
    public void testStarted(Description test) {
        progress(test.getDisplayName());
    }

    @Override
    public void testFinished(Description test) {
        progress("what comes after " + test.getDisplayName());
    }

    @Override
    public void testFailure(Failure failure) {
        progress("what comes after " + failure.getDescription().getDisplayName());
    }

    @Override
    public void testSuiteFinished(Description suite) {
        progress("what comes after class " + suite.getDisplayName());
    }

    @Override
    public void testRunFinished(org.junit.runner.Result result) {
        synchronized (this) {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
        timer.shutdownNow();
    }

    private synchronized void progress(String running) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        deadline = timer.schedule(() -> hung(running), seconds, TimeUnit.SECONDS);
    }

    private void hung(String running) {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(t);
        }
        String told = "HUNG: " + running + " made no progress for " + seconds + " s (" + PROPERTY
                + "); the test JVM exits.";
        System.err.println(told + " Threads:\n" + dump); // into the class's report output
        System.err.flush();
        // and past Failsafe's capture, into the build's log, where the crashed fork is reported
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        log.println(told);
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(2); // a shutdown hook that hangs too must not keep the build waiting
        }, "test hang halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(2);
    }
}
