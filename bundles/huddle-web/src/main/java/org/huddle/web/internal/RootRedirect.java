package org.huddle.web.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The server's root, {@code http://127.0.0.1:8480/}, in the default context: redirects to the page, instead of
 * the server's bare 404. The empty pattern matches the root alone, so nothing else a container serves is taken.
 * It reveals nothing: the page's own context checks every request that follows.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("")
public final class RootRedirect extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(WebContext.PATH + "/");
    }
}
