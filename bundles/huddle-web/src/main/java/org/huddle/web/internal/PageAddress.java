package org.huddle.web.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The page's address with its token, {@code web page: http://127.0.0.1:8480/huddle/?token=...}, for the line the
 * terminal console prints below its banner: the owner opens it once and the browser keeps the token. The console
 * prints what every {@link Supplier} service with the property {@value #BANNER} gives (a JDK type, so that one
 * line needs no API package). Only the owner sees the console; no service property carries the token.
 */
@Component(service = Supplier.class, property = PageAddress.BANNER + "=web")
public final class PageAddress implements Supplier<String> {

    static final String BANNER = "huddle.banner";
    private static final long POLL_MILLIS = 100;

    private final BundleContext context;
    private final PageToken token;

    @Activate
    public PageAddress(BundleContext context, @Reference PageToken token) {
        this.context = context;
        this.token = token;
    }

    /**
     * Waits, when asked at startup before the HTTP server is up, until it is: the console asks once, before its
     * first prompt, and a line that came too late would never be shown.
     *
     * @return the line, or {@code null} when no HTTP server serves within {@link HttpServerCheck#GRACE} (the
     *         check says so then)
     */
    @Override
    public String get() {
        long deadline = System.nanoTime() + HttpServerCheck.GRACE.toNanos();
        List<String> endpoints;
        try {
            while ((endpoints = HttpServerCheck.endpoints(context)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IllegalStateException e) {
            return null; // this bundle is stopping: no page to open
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        // without a configured token the page answers on loopback only: an address there, when the server has one
        String base = endpoints.stream().filter(PageAddress::onLoopback).findFirst().orElse(endpoints.get(0));
        return "web page: " + (base.endsWith("/") ? base : base + "/") + WebContext.PATH.substring(1) + "/?token="
                + URLEncoder.encode(token.value(), StandardCharsets.UTF_8);
    }

    private static boolean onLoopback(String endpoint) {
        try {
            String host = URI.create(endpoint).getHost();
            return host != null && AccessRules.isLoopbackHost(host);
        } catch (IllegalArgumentException e) {
            return false; // not a URI: a server's oddity, and another endpoint will do
        }
    }
}
