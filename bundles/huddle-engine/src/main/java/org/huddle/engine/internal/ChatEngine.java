package org.huddle.engine.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.huddle.api.ChatException;
import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.api.ChatStats;
import org.huddle.api.Names;
import org.huddle.api.Notice;
import org.huddle.api.RoomInfo;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The chat engine. Its rooms and history live as long as the component, so transports and front ends
 * can come and go underneath it: the transport is an optional, dynamic, greedy reference (the
 * highest-ranked one allowed by {@code transport.target}), front ends a whiteboard of {@link ChatListener}s.
 */
@Component(configurationPid = ChatEngineConfig.PID)
@Designate(ocd = ChatEngineConfig.class)
public final class ChatEngine implements ChatService {

    /** Bounds de-duplication state whatever peers send. */
    private static final int MAX_STREAMS = 10_000;

    private final String selfId;
    private final MessageCodec codec;
    private final BiConsumer<String, Throwable> warnings;
    private final RoomRegistry rooms;
    private final Deduplicator deduplicator = new Deduplicator(MAX_STREAMS);
    private final EngineCounters counters = new EngineCounters();
    private final ListenerDispatch dispatch;
    private volatile String handle;
    private volatile TransportBinding binding;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ChatListener> listeners = List.of();

    @Activate
    public ChatEngine(ChatEngineConfig config, @Reference MessageCodec codec,
            @Reference(service = LoggerFactory.class) Logger log) {
        this(config.handle(), config.history_size(), codec, log::warn);
    }

    /** For tests and for embedding the engine without a framework. */
    public ChatEngine(String handle, int historySize, MessageCodec codec, BiConsumer<String, Throwable> warnings) {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.selfId = HexFormat.of().formatHex(id);
        this.codec = codec;
        this.warnings = warnings;
        this.rooms = new RoomRegistry(historySize);
        this.handle = initialHandle(handle, warnings);
        this.dispatch = new ListenerDispatch(() -> listeners, warnings);
    }

    private static String initialHandle(String configured, BiConsumer<String, Throwable> warnings) {
        if (configured != null && !configured.isBlank()) {
            if (Names.isHandle(configured.trim())) {
                return configured.trim();
            }
            warnings.accept("configured handle '" + configured + "' is not allowed (1 to " + MAX_HANDLE_LENGTH
                    + " characters, no control characters); using the user name instead", null);
        }
        String user = System.getProperty("user.name", "");
        return Names.isHandle(user) ? user : "anonymous";
    }

    /** Replaces the front ends; for tests that run the engine without a framework. */
    public void listeners(List<ChatListener> replacement) {
        this.listeners = List.copyOf(replacement);
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindTransport(Transport transport) {
        TransportBinding next;
        try {
            next = TransportBinding.open(transport, this::received);
        } catch (IOException | RuntimeException e) {
            warnings.accept("cannot open transport " + transport.name(), e);
            dispatch.notice(new Notice(null, Notice.Level.WARNING,
                    "transport " + transport.name() + " cannot open " + transport.defaultChannel() + ": " + e.getMessage()));
            return;
        }
        TransportBinding previous;
        synchronized (this) {
            previous = binding;
            binding = next;
        }
        if (previous != null) {
            previous.close();
        }
        dispatch.notice(new Notice(null, Notice.Level.INFO, "using transport " + next.describe()));
    }

    public void unbindTransport(Transport transport) {
        TransportBinding gone;
        synchronized (this) {
            gone = binding;
            if (gone == null || gone.transport() != transport) {
                return; // already replaced by a greedier binding
            }
            binding = null;
        }
        gone.close();
        dispatch.notice(new Notice(null, Notice.Level.WARNING, "transport " + transport.name()
                + " is gone: nothing is sent or received until a transport is back (rooms stay joined)"));
    }

    /**
     * Applies a changed configuration without restarting, so rooms and history stay (a restart would
     * lose them). A new handle replaces one set with chat:nick; a new history size applies to rooms
     * joined from now on; a new transport filter makes SCR rebind the transport. A value that cannot be
     * used is refused with a warning and a notice, and the setting keeps its last good value.
     */
    @Modified
    void modified(ChatEngineConfig config) {
        String configured = config.handle() == null ? "" : config.handle().trim();
        if (configured.isEmpty() || Names.isHandle(configured)) {
            this.handle = initialHandle(configured, warnings);
        } else {
            refuse("handle '" + configured + "' is not allowed (1 to " + MAX_HANDLE_LENGTH
                    + " characters, no control characters); keeping " + handle);
        }
        if (config.history_size() >= 1) {
            rooms.historySize(config.history_size());
        } else {
            refuse("history.size " + config.history_size() + " is less than 1; keeping the previous size");
        }
    }

    private void refuse(String why) {
        warnings.accept("configuration refused: " + why, null);
        dispatch.notice(new Notice(null, Notice.Level.WARNING, "configuration refused: " + why));
    }

    @Deactivate
    public void deactivate() {
        TransportBinding last = binding;
        binding = null;
        if (last != null) {
            last.close();
        }
        dispatch.close();
    }

    /** The receive path: runs on a transport thread, never throws, counts every outcome. */
    void received(ByteBuffer payload, InetSocketAddress source) {
        counters.received.increment();
        Envelope e;
        try {
            e = codec.decode(payload);
        } catch (MalformedDatagramException ex) {
            counters.dropped(ex.reason());
            return;
        }
        if (selfId.equals(e.senderId())) {
            counters.own.increment();
            return;
        }
        Room room = rooms.find(e.room());
        if (room == null) {
            counters.otherRooms.increment();
            return;
        }
        if (!deduplicator.firstTime(e.senderId(), e.room(), e.sequence())) {
            counters.duplicates.increment();
            return;
        }
        ChatMessage message = new ChatMessage(e.room(), e.senderId(), e.handle(), e.sequence(),
                Instant.ofEpochMilli(e.timestamp()), e.content(), false);
        room.history().add(message);
        counters.delivered.increment();
        dispatch.message(message);
    }

    @Override
    public String selfId() {
        return selfId;
    }

    @Override
    public String handle() {
        return handle;
    }

    @Override
    public void handle(String newHandle) {
        if (!Names.isHandle(newHandle)) {
            throw new ChatException("invalid handle '" + newHandle + "': use 1 to " + MAX_HANDLE_LENGTH
                    + " characters, no control characters");
        }
        this.handle = newHandle;
    }

    @Override
    public RoomInfo join(String room) {
        return info(rooms.join(room));
    }

    @Override
    public RoomInfo select(String room) {
        return info(rooms.select(room));
    }

    @Override
    public void leave(String room) {
        rooms.leave(room);
    }

    @Override
    public Optional<String> currentRoom() {
        return rooms.current();
    }

    @Override
    public List<RoomInfo> rooms() {
        List<RoomInfo> result = new ArrayList<>();
        for (Room room : rooms.all()) {
            result.add(info(room));
        }
        return result;
    }

    private RoomInfo info(Room room) {
        TransportBinding b = binding;
        boolean current = rooms.current().map(room.name()::equals).orElse(false);
        String channel = b == null ? "(no transport)" : b.membership().channel().toString();
        return new RoomInfo(room.name(), current, channel, room.history().size());
    }

    @Override
    public ChatMessage say(String content) {
        return say(rooms.requireCurrent(), content);
    }

    @Override
    public ChatMessage say(String room, String content) {
        return say(rooms.require(room), content);
    }

    private ChatMessage say(Room room, String content) {
        if (content == null || content.isBlank()) {
            throw new ChatException("nothing to say: give the text after the command");
        }
        TransportBinding b = binding;
        if (b == null) {
            throw new ChatException("no transport is running, so nothing can be sent; check the transport "
                    + "configuration (load/org.huddle.transport.multicast-*.cfg) and that its bundle is started");
        }
        String who = handle;
        ChatMessage message;
        synchronized (room) {
            long now = System.currentTimeMillis();
            long seq = room.peekSequence();
            ByteBuffer datagram;
            try {
                datagram = codec.encode(new Envelope(Envelope.Type.MESSAGE, selfId, who, room.name(), seq, now, content));
            } catch (IllegalArgumentException tooLong) {
                throw new ChatException("message too long: " + tooLong.getMessage() + "; send it in shorter parts");
            }
            try {
                b.membership().send(datagram);
            } catch (IOException e) {
                throw new ChatException("could not send: " + e.getMessage(), e);
            }
            room.commitSequence();
            message = new ChatMessage(room.name(), selfId, who, seq, Instant.ofEpochMilli(now), content, true);
            room.history().add(message);
        }
        counters.sent.increment();
        dispatch.message(message);
        return message;
    }

    @Override
    public List<ChatMessage> history(String room, int limit) {
        if (limit < 1) {
            throw new ChatException("the number of messages must be at least 1, not " + limit);
        }
        return rooms.require(room).history().latest(limit);
    }

    @Override
    public ChatStats stats() {
        TransportBinding b = binding;
        List<TransportStats> transports = b == null ? List.of() : List.of(b.transport().stats());
        return counters.snapshot(transports);
    }

    // Placeholders while issue 5 is being built; replaced before it is closed.
    @Override
    public RoomInfo join(String room, org.huddle.api.JoinOptions options) {
        throw new ChatException("not built yet");
    }

    @Override
    public List<org.huddle.api.ProbeReply> probe(org.huddle.api.Probe probe,
            java.util.function.Consumer<org.huddle.api.ProbeReply> onReply) {
        throw new ChatException("not built yet");
    }

    @Override
    public void beacon(boolean on) {
        throw new ChatException("not built yet");
    }

    @Override
    public boolean beaconing() {
        return false;
    }

    @Override
    public List<org.huddle.api.Peer> peers() {
        return List.of();
    }

    @Override
    public org.huddle.api.Diagnosis diagnose(java.time.Duration probeTimeout) {
        throw new ChatException("not built yet");
    }
}
