package org.huddle.web.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.Peer;
import org.huddle.api.RoomInfo;

/**
 * What the page and scripts see, as JSON: the API's records flattened to strings and numbers (times in ISO 8601,
 * addresses as text), and the bodies of the actions they send.
 */
final class WebViews {

    private WebViews() {
    }

    record MessageView(String room, String sender, String handle, long sequence, String time, String text,
            boolean local) {
        static MessageView of(ChatMessage m) {
            return new MessageView(m.room(), m.senderId(), m.handle(), m.sequence(), m.timestamp().toString(),
                    m.content(), m.local());
        }
    }

    record NoticeView(String room, String level, String text) {
        static NoticeView of(Notice n) {
            return new NoticeView(n.room(), n.level().name().toLowerCase(java.util.Locale.ROOT), n.text());
        }
    }

    record RoomView(String name, String channel, boolean encrypted, int messages) {
        static RoomView of(RoomInfo r) {
            return new RoomView(r.name(), r.channel(), r.encrypted(), r.messages());
        }
    }

    /** A peer, and whether it was heard within {@link #PRESENT} (the engine's timeout for a silent peer). */
    record PeerView(String handle, String id, String address, String via, String lastSeen, long secondsAgo,
            boolean present) {
        static final Duration PRESENT = Duration.ofSeconds(15);

        static PeerView of(Peer p, Instant now) {
            long ago = Math.max(0, Duration.between(p.lastSeen(), now).toSeconds());
            String address = p.address().getAddress() == null ? p.address().getHostString()
                    : p.address().getAddress().getHostAddress();
            return new PeerView(p.handle(), p.id(), address + " port " + p.address().getPort(), p.via(),
                    p.lastSeen().toString(), ago, ago <= PRESENT.toSeconds());
        }
    }

    record StateView(String self, String handle, String current, List<RoomView> rooms, List<PeerView> peers,
            int historyLimit) {
    }

    record HistoryView(String room, List<MessageView> messages) {
    }

    /** Body of {@code POST api/join}; an empty passphrase joins an open room. */
    record JoinRequest(String room, String passphrase) {
        static final JoinRequest EXAMPLE = new JoinRequest("lobby", "");
    }

    /** Body of {@code POST api/say}. */
    record SayRequest(String room, String text) {
        static final SayRequest EXAMPLE = new SayRequest("lobby", "hello");
    }

    /** Body of {@code POST api/leave}. */
    record LeaveRequest(String room) {
        static final LeaveRequest EXAMPLE = new LeaveRequest("lobby");
    }

    /** Body of {@code POST api/handle}. */
    record HandleRequest(String handle) {
        static final HandleRequest EXAMPLE = new HandleRequest("alice");
    }
}
