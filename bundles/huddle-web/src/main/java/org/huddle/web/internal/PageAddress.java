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

    private final BundleContext context;
    private final PageToken token;

    @Activate
    public PageAddress(BundleContext context, @Reference PageToken token) {
        this.context = context;
        this.token = token;
    }

    /** @return the line, or {@code null} while no HTTP server serves */
    @Override
    public String get() {
        List<String> endpoints;
        try {
            endpoints = HttpServerCheck.endpoints(context);
        } catch (IllegalStateException e) {
            return null; // this bundle is stopping: no page to open
        }
        if (endpoints.isEmpty()) {
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
