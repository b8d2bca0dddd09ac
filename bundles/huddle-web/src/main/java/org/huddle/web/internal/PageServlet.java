package org.huddle.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The page itself: a fixed set of files packed in this bundle (no CDN, nothing fetched from elsewhere), served
 * with their types; anything else under {@code /huddle/} is a JSON 404.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(WebContext.SELECT)
// a name of its own: pax-web refuses a second servlet of the same name in a context, and names one
// after its service interface when none is given
@HttpWhiteboardServletName("huddle-page")
@HttpWhiteboardServletPattern("/")
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Path under the context → content type; the file is {@code /static/<name>} in this bundle. */
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=UTF-8",
            "/app.js", "text/javascript; charset=UTF-8",
            "/app.css", "text/css; charset=UTF-8",
            "/icon.svg", "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.isEmpty()) {
            // /huddle → /huddle/, so that the page's relative links resolve under it
            response.sendRedirect(request.getContextPath() + "/");
            return;
        }
        String file = path.equals("/") ? "/index.html" : path;
        String type = FILES.get(file);
        if (type == null) {
            JsonBodies.error(response, 404, "nothing at " + WebContext.PATH + path);
            return;
        }
        try (InputStream in = PageServlet.class.getResourceAsStream("/static" + file)) {
            if (in == null) {
                JsonBodies.error(response, 500, "the bundle lacks " + file);
                return;
            }
            response.setContentType(type);
            // the page changes with the bundle: always revalidate, so an update is seen on reload
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }
}
