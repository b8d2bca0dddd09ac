package org.huddle.engine.internal.delivery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.huddle.api.ChatMessage;
import org.huddle.api.Notice;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.channels.RoomSender;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.presence.PeerTable;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.engine.internal.probes.ProbeResponder;
import org.huddle.engine.internal.rooms.RoomRegistry;

/** What the receive path shares with the rest of the engine. */
public record ReceiveContext(String selfId, Supplier<String> handle, Codecs codecs, RoomRegistry rooms, EngineCounters counters,
        ListenerDispatch dispatch, PeerTable peers, ProbeResponder responder, EngineTime time,
        ScheduledExecutorService timer, long holdMillis, SentMessages sent, RoomSender sender, Presence presence,
        HistorySync history, SendPace pace, SendWindows sendWindows) {
}
