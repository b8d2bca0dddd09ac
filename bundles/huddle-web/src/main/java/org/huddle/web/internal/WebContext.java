package org.huddle.web.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The servlet context every part of the page lives in, at {@value #PATH}: it lets a request in only past
 * {@link AccessRules}, answers a refused one with a JSON error, and gives every answer the headers that keep the
 * page from being framed, sniffed or made to load anything from elsewhere.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = WebContext.NAME, path = WebContext.PATH)
public final class WebContext extends ServletContextHelper {

    static final String NAME = "org.huddle.web";
    static final String PATH = "/huddle";
    /** How the page's servlets pick this context. */
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";
    static final String TOKEN_COOKIE = "huddle-token";

    private static final String BEARER = "Bearer ";
    /** Only the page's own scripts, styles and requests: text from the network can never load or run anything. */
    private static final String CONTENT_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final AccessRules rules;

    @Activate
    public WebContext(BundleContext context, @Reference PageToken token) {
        super(context.getBundle());
        this.rules = new AccessRules(token.value(), token.configured(), token.where());
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", CONTENT_POLICY);
        String queryToken = request.getParameter("token");
        String token = presentedToken(request, queryToken);
        boolean opening = "navigate".equals(request.getHeader("Sec-Fetch-Mode"))
                && "document".equals(request.getHeader("Sec-Fetch-Dest"));
        var refusal = rules.check(new AccessRules.Request(request.getMethod(), opening, request.getHeader("Host"),
                request.getLocalAddr(), request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getContentType(), token));
        if (refusal.isPresent()) {
            JsonBodies.error(response, refusal.get().status(), refusal.get().error());
            return false;
        }
        if (queryToken != null) {
            // the page's own requests (and its event stream, which cannot send headers) carry it from now on
            // (by header: the servlet 3.1 Cookie has no SameSite), and the address bar, history and bookmarks
            // lose it: the same page again, without the query
            response.addHeader("Set-Cookie", TOKEN_COOKIE + "=" + URLEncoder.encode(queryToken, StandardCharsets.UTF_8)
                    + "; Path=" + PATH + "; HttpOnly; SameSite=Strict");
            if (request.getMethod().equals("GET")) {
                response.sendRedirect(request.getRequestURI());
                return false;
            }
        }
        return true;
    }

    private static String presentedToken(HttpServletRequest request, String queryToken) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.startsWith(BEARER)) {
            return authorization.substring(BEARER.length()).trim();
        }
        if (queryToken != null) {
            return queryToken;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(TOKEN_COOKIE)) {
                    return URLDecoder.decode(c.getValue(), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }
}
