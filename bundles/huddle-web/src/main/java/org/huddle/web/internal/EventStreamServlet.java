package org.huddle.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /huddle/api/events}: the page's live feed, as Server-Sent Events ({@code message}, {@code notice},
 * and {@code overflow} when the page fell behind and must reload). Each page holds one request thread of the
 * HTTP server for as long as it is open, so their number is bounded ({@code max.streams}). A page that went away
 * must give its place back at once, or a few requests cut off on purpose would keep every other page out: the
 * server learns of a closed connection only when it writes to it, so an idle stream gets a comment line every
 * {@value #HEARTBEAT_MILLIS} ms (the second one after the close fails, and the place is free).
 */
@Component(service = Servlet.class, configurationPid = WebConfig.PID)
@HttpWhiteboardContextSelect(WebContext.SELECT)
// a name of its own: pax-web refuses a second servlet of the same name in a context, and names one
// after its service interface when none is given
@HttpWhiteboardServletName("huddle-events")
@HttpWhiteboardServletPattern("/api/events")
public final class EventStreamServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final long HEARTBEAT_MILLIS = 1000;
    /** How often a waiting stream looks whether it should end (the front end stopping). */
    private static final long POLL_MILLIS = 250;

    private final transient EventHub hub;
    private final int maxStreams;
    private final transient Set<EventHub.Subscription> open = ConcurrentHashMap.newKeySet();

    @Activate
    public EventStreamServlet(@Reference EventHub hub, WebConfig config) {
        this.hub = hub;
        this.maxStreams = config.max_streams();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EventHub.Subscription subscription = hub.subscribe(maxStreams);
        if (subscription == null) {
            response.setHeader("Retry-After", "10");
            JsonBodies.error(response, 429, maxStreams + " pages already follow this node live (max.streams): "
                    + "close one, or raise max.streams in the configuration " + WebConfig.PID);
            return;
        }
        open.add(subscription);
        try (subscription) {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            PrintWriter out = response.getWriter();
            out.write("retry: 2000\n: huddle\n\n");
            out.flush();
            stream(subscription, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(subscription);
        }
    }

    private static void stream(EventHub.Subscription subscription, PrintWriter out) throws InterruptedException {
        long idle = 0;
        while (!subscription.closed() && !out.checkError()) {
            String event = subscription.next(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (event != null) {
                out.write(event);
                idle = 0;
            } else if (subscription.overflowed()) {
                out.write(EventHub.event("overflow", "{}"));
                out.flush();
                return;
            } else if ((idle += POLL_MILLIS) >= HEARTBEAT_MILLIS) {
                out.write(":\n\n");
                idle = 0;
            } else {
                continue;
            }
            out.flush();
        }
    }

    @Deactivate
    void deactivate() {
        for (EventHub.Subscription s : open) {
            s.close();
        }
    }
}
