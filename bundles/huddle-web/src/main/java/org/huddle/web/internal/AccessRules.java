package org.huddle.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may use the page. Every request must present the page's token: a local user or process reaches loopback as
 * easily as the owner does, so loopback alone proves nothing. With the token the node made itself (the default),
 * only loopback may, besides: the request must have arrived on a loopback address and name a loopback host (an IP
 * literal or {@code localhost}), since a web page elsewhere can make a browser send requests to 127.0.0.1, and a
 * rebound DNS name would let it read the answers. A token the operator configured opens the page to any address.
 * Either way only the page itself may use it: a request that a browser marks as coming from another site
 * ({@code Sec-Fetch-Site}, {@code Origin}) is refused before it reaches an action or takes one of the event
 * streams, unless it opens the page in a tab (a link elsewhere; the browser sends no token cookie with it), and a
 * request that changes something must be JSON (a plain HTML form cannot send that across sites).
 */
final class AccessRules {

    /** What a refused request is answered with. */
    record Refusal(int status, String error) {
    }

    /**
     * The facts of a request the rules look at, taken from the request by the context.
     *
     * @param opening   whether a browser opens it in a tab (a top-level navigation, as its Sec-Fetch headers say)
     * @param fetchSite the browser's {@code Sec-Fetch-Site}, if any
     */
    record Request(String method, boolean opening, String host, String localAddress, String origin, String fetchSite,
            String contentType, String token) {
    }

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");

    private final byte[] token;
    private final boolean anyAddress;
    private final String whereTheTokenIs;

    /**
     * @param token           the token every request must present (never empty)
     * @param anyAddress      whether the operator configured it, which opens the page to every address
     * @param whereTheTokenIs for the refusal: where the owner finds the token, for example {@code the token is in
     *                        data/web.token}
     */
    AccessRules(String token, boolean anyAddress, String whereTheTokenIs) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the page's token is empty");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.anyAddress = anyAddress;
        this.whereTheTokenIs = whereTheTokenIs;
    }

    Optional<Refusal> check(Request r) {
        if (!anyAddress) {
            if (!isLoopbackLiteral(r.localAddress())) {
                return Optional.of(new Refusal(403, "this page answers on " + r.localAddress()
                        + " only with an access token: set '.token' in the configuration " + WebConfig.PID));
            }
            if (!isLoopbackHost(r.host())) {
                return Optional.of(new Refusal(403, "the host name '" + r.host() + "' is not loopback's: open the "
                        + "page at 127.0.0.1 or localhost (or set '.token' in the configuration " + WebConfig.PID + ")"));
            }
        }
        if (!r.opening() || !isSafe(r.method())) {
            if (r.fetchSite() != null && !r.fetchSite().equals("same-origin") && !r.fetchSite().equals("none")) {
                return Optional.of(new Refusal(403, "a request from another site (Sec-Fetch-Site: " + r.fetchSite()
                        + ") is refused"));
            }
            if (r.origin() != null && !sameOrigin(r.origin(), r.host())) {
                return Optional.of(new Refusal(403, "a request from another site (" + r.origin() + ") is refused"));
            }
        }
        if (r.token() == null || !MessageDigest.isEqual(token, r.token().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Refusal(401, "this page needs its access token: open /huddle/?token=<token> once; "
                    + whereTheTokenIs));
        }
        if (!isSafe(r.method())) {
            String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
            if (!type.startsWith("application/json")) {
                return Optional.of(new Refusal(415, "send JSON (Content-Type: application/json)"));
            }
        }
        return Optional.empty();
    }

    private static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    private static boolean sameOrigin(String origin, String host) {
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** @param host a Host header: a name or IP literal, with an optional port; IPv6 in brackets */
    static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 && isLoopbackLiteral(h.substring(1, end)) && (end == h.length() - 1
                    || PORT.matcher(h.substring(end + 1)).matches());
        }
        h = PORT.matcher(h).replaceFirst("");
        return h.equals("localhost") || isLoopbackLiteral(h);
    }

    /** @param address an IP literal, as a servlet container gives the local address; never looked up */
    static boolean isLoopbackLiteral(String address) {
        if (address == null) {
            return false;
        }
        String a = address.toLowerCase(Locale.ROOT);
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return IPV4_LOOPBACK.matcher(a).matches() || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1")
                || a.equals("::ffff:127.0.0.1");
    }
}
