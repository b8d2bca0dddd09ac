package org.huddle.web.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The server's root, {@code http://127.0.0.1:8480/}, in the default context: redirects to the page, instead of
 * the server's bare 404. Registered as the default context's default servlet ({@code /}), which gets only what
 * no other servlet there matches: the root is redirected, anything else stays a 404. It reveals nothing: the
 * page's own context checks every request that follows.
 */
@Component(service = Servlet.class)
// a name of its own: pax-web refuses a second servlet of the same name in a context, and names one
// after its service interface when none is given
@HttpWhiteboardServletName("huddle-root")
@HttpWhiteboardServletPattern("/")
public final class RootRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.isEmpty() || path.equals("/")) {
            response.sendRedirect(WebContext.PATH + "/");
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
