package org.huddle.web.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Says in one warning when, some seconds after this bundle started, no HTTP server serves the page: mostly a second
 * node on one machine, whose server finds port 8480 taken (the server itself logs three lines about its connector
 * that name no remedy). The console shows the warning as a {@code ***} line. It looks up the HTTP Service Runtime by
 * name and reads its endpoints, so that this bundle needs no runtime API of its own.
 *
 * <p>Threads: one check, on the common pool's delayed executor; nothing is held.
 */
@Component(immediate = true)
public final class HttpServerCheck {

    static final Duration GRACE = Duration.ofSeconds(5);
    private static final String RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";
    private static final String ENDPOINT = "osgi.http.endpoint";
    private static final String PORT = "org.osgi.service.http.port";

    private final BundleContext context;
    private final Logger log;
    private volatile boolean active = true;

    @Activate
    public HttpServerCheck(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.context = context;
        this.log = log;
        Executor later = CompletableFuture.delayedExecutor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        later.execute(this::check);
    }

    @Deactivate
    void deactivate() {
        active = false;
    }

    private void check() {
        if (!active || serving()) {
            return;
        }
        String port = context.getProperty(PORT);
        log.warn("the web page is off: no HTTP server started" + (port == null || port.equals("0") ? ""
                : "; is port " + port + " in use (by another node on this machine)? Give this node another one: "
                        + PORT + " in conf/config.properties"));
    }

    private boolean serving() {
        try {
            return !endpoints(context).isEmpty();
        } catch (IllegalStateException e) {
            return true; // a bundle stopping meanwhile has nothing to say
        }
    }

    /**
     * @return the base addresses that the HTTP servers serve at, for example {@code http://127.0.0.1:8480/}; none
     *         while no server is up
     * @throws IllegalStateException when this bundle is stopping
     */
    static List<String> endpoints(BundleContext context) {
        List<String> all = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(RUNTIME, null);
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                Object endpoints = ref.getProperty(ENDPOINT);
                if (endpoints instanceof String[] list) {
                    all.addAll(List.of(list));
                } else if (endpoints instanceof Collection<?> list) {
                    list.forEach(e -> all.add(String.valueOf(e)));
                } else if (endpoints != null) {
                    all.add(endpoints.toString());
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e); // no filter was given
        }
        return all;
    }
}
