package org.huddle.web.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.huddle.api.ChatException;
import org.huddle.api.ChatService;
import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.huddle.web.internal.JsonBodies.BadRequest;
import org.huddle.web.internal.WebViews.HandleRequest;
import org.huddle.web.internal.WebViews.HistoryView;
import org.huddle.web.internal.WebViews.JoinRequest;
import org.huddle.web.internal.WebViews.LeaveRequest;
import org.huddle.web.internal.WebViews.MessageView;
import org.huddle.web.internal.WebViews.PeerView;
import org.huddle.web.internal.WebViews.RoomView;
import org.huddle.web.internal.WebViews.SayRequest;
import org.huddle.web.internal.WebViews.StateView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The page's actions, as JSON over HTTP under {@code /huddle/api/}: {@code GET state}, {@code GET history?room=R},
 * and {@code POST join}, {@code leave}, {@code say}, {@code handle} with a JSON body. What the engine refuses
 * (a bad room name, an empty text, no room joined) comes back as 400 with {@code {"error": "..."}}, in the
 * engine's own words, which are meant for the user.
 */
@Component(service = Servlet.class, configurationPid = WebConfig.PID)
@HttpWhiteboardContextSelect(WebContext.SELECT)
// a name of its own: pax-web refuses a second servlet of the same name in a context, and names one
// after its service interface when none is given
@HttpWhiteboardServletName("huddle-api")
@HttpWhiteboardServletPattern("/api/*")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ChatService chat;
    private final int historyLimit;

    @Activate
    public ApiServlet(@Reference ChatService chat, WebConfig config) {
        this.chat = chat;
        this.historyLimit = config.history_limit();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = action(request);
        try {
            Object answer = switch (request.getMethod()) {
                case "GET" -> get(action, request);
                case "POST" -> post(action, request);
                default -> throw new BadRequest(405, request.getMethod() + " is not an action here: use GET or POST");
            };
            JsonBodies.write(response, 200, answer);
        } catch (ChatException e) {
            JsonBodies.error(response, 400, e.getMessage());
        } catch (BadRequest e) {
            if (e.status == 405) {
                response.setHeader("Allow", action.equals("state") || action.equals("history") ? "GET" : "POST");
            }
            JsonBodies.error(response, e.status, e.getMessage());
        }
    }

    private Object get(String action, HttpServletRequest request) throws BadRequest {
        return switch (action) {
            case "state" -> state();
            case "history" -> history(request.getParameter("room"), request.getParameter("limit"));
            case "join", "leave", "say", "handle" -> throw new BadRequest(405, action + " needs POST");
            default -> throw new BadRequest(404, unknown(action));
        };
    }

    private Object post(String action, HttpServletRequest request) throws BadRequest, IOException {
        switch (action) {
            case "join" -> {
                JoinRequest join = JsonBodies.read(request, JoinRequest.EXAMPLE);
                String passphrase = join.passphrase() == null ? "" : join.passphrase();
                // the page keeps its own current room: joining here never moves the console's
                return RoomView.of(chat.joinWithoutSelecting(required(join.room(), "room"),
                        new JoinOptions(Wire.HUDDLE, List.of(), 0, passphrase)));
            }
            case "leave" -> {
                String room = required(JsonBodies.read(request, LeaveRequest.EXAMPLE).room(), "room");
                chat.leave(room);
                return Map.of("left", room);
            }
            case "say" -> {
                SayRequest say = JsonBodies.read(request, SayRequest.EXAMPLE);
                return MessageView.of(chat.say(required(say.room(), "room"), required(say.text(), "text")));
            }
            case "handle" -> {
                chat.handle(required(JsonBodies.read(request, HandleRequest.EXAMPLE).handle(), "handle"));
                return Map.of("handle", chat.handle());
            }
            case "state", "history" -> throw new BadRequest(405, action + " needs GET");
            default -> throw new BadRequest(404, unknown(action));
        }
    }

    private StateView state() {
        Instant now = Instant.now();
        return new StateView(chat.selfId(), chat.handle(), chat.currentRoom().orElse(null),
                chat.rooms().stream().map(RoomView::of).toList(),
                chat.peers().stream().map(p -> PeerView.of(p, now)).toList(), historyLimit);
    }

    private HistoryView history(String room, String limit) throws BadRequest {
        int n = historyLimit;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "limit '" + limit + "' is not a number");
            }
            if (n < 1 || n > 1000) {
                throw new BadRequest(400, "limit " + n + " is not between 1 and 1000");
            }
        }
        String name = required(room, "room");
        return new HistoryView(name, chat.history(name, n).stream().map(MessageView::of).toList());
    }

    private static String action(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
    }

    private static String unknown(String action) {
        return "no action '" + action + "': GET state, history; POST join, leave, say, handle";
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new ChatException("'" + name + "' is missing");
        }
        return value;
    }
}
