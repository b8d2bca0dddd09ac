package org.huddle.console.internal;

import java.io.InputStream;
import java.time.Duration;
import java.util.Set;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.huddle.api.ChatService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Tells a console when to read its first line: once the framework has started every bundle, Gogo lists the chat
 * commands and the engine has a transport, so that a script's first {@code chat:say} is sent rather than refused,
 * the transport's startup notice is printed before the first prompt rather than across it, and the lines other
 * bundles add below the banner (the web page's address) are there to print. A node with no transport configured goes on
 * after the deadline all the same, and its commands say why nothing can be sent.
 */
@Component(service = Readiness.class)
public final class Readiness {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** One command of each commands component of huddle-shell. */
    private static final Set<String> COMMANDS = Set.of("chat:say", "chat:ping", "chat:chat");

    private final CommandProcessor processor;
    private final Logger log;
    private final Bundle framework;

    /** Dynamic: restarting the engine must not restart a console that is blocked reading stdin. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ChatService chat;

    @Activate
    public Readiness(BundleContext context, @Reference CommandProcessor processor,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.processor = processor;
        this.log = log;
        this.framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
    }

    /** Returns when the chat commands and a transport are there, or at the deadline. */
    void await() throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (CommandSession probe = processor.createSession(InputStream.nullInputStream(), System.out, System.err)) {
            while (System.nanoTime() - deadline < 0) {
                ChatService engine = chat;
                if (framework.getState() == Bundle.ACTIVE && probe.get(".commands") instanceof Set<?> commands
                        && commands.containsAll(COMMANDS) && engine != null && !engine.stats().transports().isEmpty()) {
                    return;
                }
                Thread.sleep(10);
            }
        }
        log.warn("no transport within {}; reading commands anyway", DEADLINE);
    }
}
