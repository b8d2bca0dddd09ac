package org.huddle.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.huddle.api.Notice;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Shows on the console, as one {@code ***} line, an error or a warning that a Huddle bundle logged: a component
 * that could not start (a transport whose {@code load/*.cfg} says {@code port = 99999} when the node starts), a
 * setting refused while it runs (the same line edited later), an interface that cannot be joined. The log has the
 * whole story; the console says what failed and why, in the cause's words, once a minute at most for the same
 * line. The engine and the console are left out: the engine tells the front ends itself what users must know,
 * and the rest of its warnings (a hello not sent, ...) would be noise here. Entries of the last minute before
 * this component started are shown too, so that a failure during startup is not missed.
 *
 * <p>Threads: the Log Service's delivery thread calls {@link #logged}, which prints through the console front end.
 */
@Component(immediate = true)
public final class FailureNotices implements LogListener {

    private static final String HUDDLE = "org.huddle.";
    private static final Set<String> SILENT = Set.of("org.huddle.engine", "org.huddle.console");
    private static final Duration QUIET = Duration.ofMinutes(1);
    /** How Felix SCR names a component in its messages: {@code [org.huddle.transport.multicast(12)]}. */
    private static final Pattern COMPONENT = Pattern.compile("\\[([\\w.~-]+)\\(\\d+\\)\\]");

    private final LogReaderService log;
    private final ConsoleChatListener console;
    private final Map<String, Long> told = new ConcurrentHashMap<>();

    /**
     * @param log optional: Karaf's logging declares no Log Service capability its resolver could see, and a console
     *            without it works, only without these lines
     */
    @Activate
    public FailureNotices(@Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) LogReaderService log, @Reference ConsoleChatListener console) {
        this.log = log;
        this.console = console;
        if (log == null) {
            return;
        }
        log.addLogListener(this);
        List<LogEntry> earlier = new ArrayList<>();
        long since = System.currentTimeMillis() - QUIET.toMillis();
        for (Enumeration<LogEntry> e = log.getLog(); e.hasMoreElements();) {
            LogEntry entry = e.nextElement();
            if (entry.getTime() >= since) {
                earlier.add(0, entry); // the log lists the latest first
            }
        }
        earlier.forEach(this::logged);
    }

    @Deactivate
    void deactivate() {
        if (log != null) {
            log.removeLogListener(this);
        }
    }

    @Override
    public void logged(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        LogLevel level = entry.getLogLevel();
        if (level != LogLevel.ERROR && level != LogLevel.WARN || bundle == null || bundle.getSymbolicName() == null
                || !bundle.getSymbolicName().startsWith(HUDDLE) || SILENT.contains(bundle.getSymbolicName())) {
            return;
        }
        String name = bundle.getHeaders().get(Constants.BUNDLE_NAME);
        String text = text(name == null ? bundle.getSymbolicName() : name, entry.getMessage(), entry.getException());
        long now = System.nanoTime();
        // lines told over a minute ago may be told again: forgotten, so the map holds a minute's lines at most
        told.values().removeIf(at -> now - at >= QUIET.toNanos());
        if (told.putIfAbsent(text, now) != null) {
            return;
        }
        console.notice(new Notice(null, Notice.Level.WARNING, text));
    }

    /**
     * @param bundle the name of the bundle that logged
     * @return {@code <bundle> did not start: <cause>} for a component that failed to start (as Felix SCR says it),
     *         else the message and its cause
     */
    static String text(String bundle, String message, Throwable thrown) {
        Throwable cause = thrown;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String why = cause == null ? null : cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName();
        if (message != null && COMPONENT.matcher(message).find()
                && (message.contains("activate") || message.contains("instantiation"))) {
            return bundle + " did not start" + (why == null ? "" : ": " + why);
        }
        return (message == null ? "" : message) + (why == null ? "" : ": " + why);
    }
}
