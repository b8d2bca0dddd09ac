package org.huddle.engine.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.huddle.api.ChatException;
import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.api.ChatStats;
import org.huddle.api.Diagnosis;
import org.huddle.api.JoinOptions;
import org.huddle.api.Names;
import org.huddle.api.Notice;
import org.huddle.api.Peer;
import org.huddle.api.Probe;
import org.huddle.api.ProbeReply;
import org.huddle.api.RoomInfo;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;
import org.huddle.engine.internal.channels.OpenChannels;
import org.huddle.engine.internal.channels.RoomSealing;
import org.huddle.engine.internal.channels.RoomSender;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineCounters;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.core.Handles;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.core.SharedHandles;
import org.huddle.engine.internal.delivery.HistorySync;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.delivery.ReceiveContext;
import org.huddle.engine.internal.delivery.ReceivePipeline;
import org.huddle.engine.internal.delivery.SentMessages;
import org.huddle.engine.internal.flood.FloodControl;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.engine.internal.history.SavedState;
import org.huddle.engine.internal.presence.Beacon;
import org.huddle.engine.internal.presence.PeerTable;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.engine.internal.probes.ProbeResponder;
import org.huddle.engine.internal.probes.ProbeRun;
import org.huddle.engine.internal.rooms.Room;
import org.huddle.engine.internal.rooms.RoomChannel;
import org.huddle.engine.internal.rooms.RoomRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
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
 * The chat engine. Its rooms, peers and history live as long as the component (history also beyond, in
 * files: docs/storage.md), so transports and front ends can come and go underneath it: the transport is an optional, dynamic, greedy reference (the highest-ranked
 * one allowed by {@code transport.target}), front ends a whiteboard of {@link ChatListener}s.
 */
@Component(configurationPid = ChatEngineConfig.PID)
@Designate(ocd = ChatEngineConfig.class)
public final class ChatEngine implements ChatService {

    /** {@link ChatEngineConfig#delivery_hold()}'s default, also for engines built without a configuration. */
    static final int DEFAULT_HOLD_MILLIS = 2000;

    private final String selfId;
    private final Codecs codecs;
    private final BiConsumer<String, Throwable> warnings;
    private final RoomRegistry rooms;
    private final EngineCounters counters = new EngineCounters();
    private final ListenerDispatch dispatch;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "huddle-engine-timer");
        t.setDaemon(true);
        return t;
    });
    private final PeerTable peers;
    private final SentMessages sent = new SentMessages();
    private final SendPath sendPath;
    private final Inbox inbox;
    private final ReceivePipeline pipeline;
    private final Beacon beacon;
    private final Presence presence;
    private final HistorySync historySync;
    private final FloodControl flood;
    private final EngineSettings settings;
    private final RoomMembership membership;
    private final BoundTransport transport;
    private final RoomSealing sealing;
    private final HistoryStore history;
    private volatile String handle;
    /** The handle and rooms that come back after a restart; nothing kept where the framework has no data area. */
    private volatile SavedState saved = SavedState.none();
    /** Told once, after the first transport is bound: the encrypted rooms of the last run, not rejoined. */
    private final List<Notice> toldAfterBinding = new CopyOnWriteArrayList<>();
    /** While the whole node stops, its transport going away is no news for the user. */
    private volatile BooleanSupplier frameworkStopping = () -> false;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ChatListener> listeners = List.of();
    /** Mixed into encrypted rooms' keys (network.name): read by joins on the command thread, set by Config Admin. */
    private volatile String networkName = "";

    @Activate
    public ChatEngine(ChatEngineConfig config, BundleContext context,
            @Reference(target = "(" + MessageCodec.FORMAT + "=" + MessageCodec.HUDDLE_FORMAT + ")") MessageCodec huddle,
            @Reference(target = "(" + MessageCodec.FORMAT + "=" + MessageCodec.BACKCHANNEL_FORMAT + ")") MessageCodec backchannel,
            @Reference(target = "(" + MessageCodec.FORMAT + "=" + MessageCodec.BEACON_FORMAT + ")") MessageCodec beacon,
            @Reference(target = "(" + MessageCodec.FORMAT + "=" + HistoryStore.LINE_FORMAT + ")") MessageCodec historyLines,
            @Reference(service = LoggerFactory.class) Logger log) {
        this(config.handle(), config.history_size(), new Codecs(huddle, backchannel, beacon),
                HistoryStore.in(path(context.getDataFile("history")), historyLines, config.history_persist(), log::warn),
                config.delivery_hold(), log::warn);
        settings.timing(config);
        networkName(config.network_name());
        Bundle framework = context.getBundle(0);
        this.frameworkStopping = () -> framework.getState() == Bundle.STOPPING;
        restore(SavedState.load(path(context.getDataFile("state.properties")), log::warn), config.handle());
    }

    /** Takes back the handle and rooms of the last run; an encrypted room is told about, not rejoined. */
    private void restore(SavedState state, String configuredHandle) {
        saved = state;
        state.handle(configuredHandle).ifPresent(h -> this.handle = h);
        toldAfterBinding.addAll(state.rejoin(this::join, warnings));
    }

    /** Writes the saved state on the timer thread: never on a caller's, never under a lock. */
    private void saveLater() {
        try {
            timer.execute(saved::write);
        } catch (RejectedExecutionException stopping) {
            saved.write(); // deactivating: the timer is gone, and so is every lock
        }
    }

    /** The framework's data area may be missing (a framework without file system support). */
    private static Path path(File dataFile) {
        return dataFile == null ? null : dataFile.toPath();
    }

    /** For tests and for embedding the engine without a framework: history is kept in memory only. */
    public ChatEngine(String handle, int historySize, Codecs codecs, BiConsumer<String, Throwable> warnings) {
        this(handle, historySize, codecs, HistoryStore.inMemory(), DEFAULT_HOLD_MILLIS, warnings);
    }

    /**
     * For tests and for embedding the engine without a framework, with history kept in files.
     *
     * @param historyDirectory where each room's history file is (see docs/storage.md)
     * @param historyLines     the codec of format {@value HistoryStore#LINE_FORMAT}
     */
    public ChatEngine(String handle, int historySize, Codecs codecs, Path historyDirectory, MessageCodec historyLines,
            BiConsumer<String, Throwable> warnings) {
        this(handle, historySize, codecs, HistoryStore.in(historyDirectory, historyLines, true, warnings),
                DEFAULT_HOLD_MILLIS, warnings);
    }

    ChatEngine(String handle, int historySize, Codecs codecs, HistoryStore history, long holdMillis,
            BiConsumer<String, Throwable> warnings) {
        this(handle, historySize, codecs, history, holdMillis, warnings, EngineTime.SYSTEM);
    }

    /** @param time the system's clocks, or a test's own */
    ChatEngine(String handle, int historySize, Codecs codecs, HistoryStore history, long holdMillis,
            BiConsumer<String, Throwable> warnings, EngineTime time) {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        // New at every start, so a restarted node never repeats an (id, room, seq) that peers already saw;
        // its earlier ids are remembered by the history store only to show its old messages as its own.
        this.selfId = HexFormat.of().formatHex(id);
        this.codecs = codecs;
        this.history = history;
        this.peers = new PeerTable(time.clock());
        this.warnings = warnings;
        this.rooms = new RoomRegistry(historySize, history);
        this.handle = Handles.initial(handle, warnings);
        SharedHandles shared = new SharedHandles(selfId, () -> this.handle);
        this.dispatch = new ListenerDispatch(() -> listeners, shared, warnings);
        this.sendPath = new SendPath(selfId, codecs, counters, dispatch, sent, time, warnings);
        this.presence = new Presence(selfId, () -> this.handle, codecs.huddle(), rooms, this::openChannels,
                timer, peers, dispatch::notice, time.nanos(), shared, warnings);
        RoomSender sender = this::sendOn;
        this.historySync = new HistorySync(new HistorySync.Context(selfId, () -> this.handle, codecs, rooms, counters,
                dispatch, timer, time, sender, history::isOwn));
        ReceiveContext receiving = new ReceiveContext(selfId, () -> this.handle, codecs, rooms, counters, dispatch, peers,
                new ProbeResponder(timer), time, timer, holdMillis, sent, sender, presence, historySync, sendPath.pace(),
                sendPath.windows());
        this.inbox = new Inbox(receiving);
        this.flood = new FloodControl(FloodControl.MAX_HOSTS, counters, dispatch::notice, timer, time.nanos());
        this.sealing = new RoomSealing(selfId, rooms, counters, dispatch::notice, time.clock()::millis);
        this.pipeline = new ReceivePipeline(receiving, inbox, flood, sealing, this::openChannels);
        this.beacon = new Beacon(codecs.beacon(), timer, () -> this.handle, pipeline, warnings);
        this.transport = new BoundTransport(pipeline, sealing, rooms, beacon, dispatch, warnings);
        this.settings = new EngineSettings(new EngineSettings.Parts(this::handle, h -> this.handle = h, rooms, history, inbox,
                presence, historySync, flood, sendPath.pace(), dispatch, warnings), handle);
        this.membership = new RoomMembership(new RoomMembership.Parts(rooms, transport, presence, historySync, inbox,
                dispatch, () -> saved, this::saveLater, () -> networkName,
                sendPath::awaitSent));
        presence.interval(Presence.DEFAULT_INTERVAL_MILLIS);
    }

    private OpenChannels openChannels() {
        return transport.current();
    }

    private boolean sendOn(RoomChannel channel, ByteBuffer datagram) {
        try {
            transport.send(channel, datagram);
            return true;
        } catch (IOException e) {
            counters.sendFailures.increment(); // nothing bound, or no interface up: the sender's retry covers it
        } catch (RuntimeException e) {
            counters.sendFailures.increment();
            warnings.accept("a datagram on " + channel + " could not be sent", e);
        }
        return false;
    }

    /** Waits until the history files hold what was queued for them; for tests that read them. */
    void flushHistory() {
        history.flush();
    }

    /**
     * Waits until what was said so far has left the sending thread; for tests that change the network between
     * two messages or look at a peer right after saying (the in-VM hub delivers within the send).
     */
    void flushSends() {
        if (!sendPath.awaitSent()) {
            throw new IllegalStateException("the sending thread did not empty its queue in time");
        }
    }

    /** Sets the per-host rate limit on what arrives; for tests. */
    void floodLimit(int perSecond, int burst) {
        flood.limit(perSecond, burst);
        sendPath.floodLimit(perSecond, burst);
    }

    /** Sets how often this node says hello; peers silent for three of these time out. For tests, in ms. */
    void presenceInterval(long millis) {
        presence.interval(millis);
    }


    /** Replaces the front ends; for tests that run the engine without a framework. */
    public void listeners(List<ChatListener> replacement) {
        this.listeners = List.copyOf(replacement);
    }

    @Reference(name = "transport", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindTransport(Transport bound) {
        transport.bind(bound);
        toldAfterBinding.forEach(dispatch::notice);
        toldAfterBinding.clear();
    }

    public void unbindTransport(Transport gone) {
        boolean nodeStopping = frameworkStopping.getAsBoolean();
        if (nodeStopping) {
            sendPath.awaitSent();
            presence.byeAll(); // the transport goes before the engine: the last chance to say bye
        }
        transport.unbind(gone, !nodeStopping);
    }

    /** Applies a changed configuration without restarting: see {@link EngineSettings#changed}. */
    @Modified
    void modified(ChatEngineConfig config) {
        settings.changed(config);
        networkName(config.network_name());
    }

    /** @param name mixed into the keys of encrypted rooms joined from now on (blank: none) */
    void networkName(String name) {
        networkName = name == null ? "" : name.strip();
    }

    @Deactivate
    public void deactivate() {
        presence.stop();
        historySync.stop();
        beacon.off();
        sendPath.close(); // what was said goes out before the transport closes
        transport.close();
        timer.shutdownNow();
        rooms.closeAll();
        history.close(); // after the rooms queued their files' closing: writes what is queued
        dispatch.close();
        saved.write(); // what a join or leave a moment ago scheduled may have been dropped with the timer
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How full each table that received datagrams fill is now, by name, and the timer's queue: for tests that
     * check that no input makes them grow without end.
     */
    Map<String, Integer> tableSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("peers", peers.size());
        sizes.put("presence", presence.size());
        sizes.put("windows", inbox.windows().size());
        sizes.put("held", inbox.windows().held());
        sizes.put("reassembly", inbox.reassembly().size());
        sizes.put("replay-guard", sealing.senders());
        sizes.put("history", rooms.all().stream().mapToInt(r -> r.history().size()).max().orElse(0));
        sizes.put("timer", timer.getQueue().size());
        return sizes;
    }

    /** The receive pipeline of the default channel from unbundle on, for tests that feed datagrams in directly. */
    void received(ByteBuffer payload, InetSocketAddress source) {
        OpenChannels b = transport.current();
        pipeline.opened(RoomChannel.DEFAULT, b == null ? null : b.find(RoomChannel.DEFAULT), payload, source);
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
        presence.ownHandleChanged();
        saved.handleSet(newHandle, settings.configuredHandle());
        saveLater();
    }

    @Override
    public RoomInfo join(String room) {
        return join(room, JoinOptions.DEFAULT);
    }

    @Override
    public RoomInfo join(String name, JoinOptions options) {
        return join(name, options, true);
    }

    @Override
    public RoomInfo joinWithoutSelecting(String name, JoinOptions options) {
        return join(name, options, false);
    }

    private RoomInfo join(String name, JoinOptions options, boolean select) {
        return membership.join(name, options, select);
    }

    @Override
    public RoomInfo select(String room) {
        return membership.select(room);
    }

    @Override
    public void leave(String name) {
        membership.leave(name);
    }

    @Override
    public Optional<String> currentRoom() {
        return rooms.current();
    }

    @Override
    public List<RoomInfo> rooms() {
        return membership.all();
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
        OpenChannels b = transport.require("nothing can be sent; check the transport configuration "
                + "(load/org.huddle.transport.multicast-*.cfg) and that its bundle is started");
        try {
            return sendPath.say(room, b.open(room.channel()), handle, content);
        } catch (IOException e) {
            throw new ChatException("cannot open " + b.describe(room.channel()) + ": " + e.getMessage(), e);
        }
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
        OpenChannels b = transport.current();
        List<TransportStats> transports = b == null ? List.of() : List.of(b.transport().stats());
        return counters.snapshot(transports);
    }

    @Override
    public List<ProbeReply> probe(Probe probe, Consumer<ProbeReply> onReply) {
        OpenChannels b = transport.require("no probe can be sent");
        return new ProbeRun(selfId, handle, codecs.huddle(), b, rooms).run(probe, onReply);
    }

    @Override
    public void beacon(boolean on) {
        if (on) {
            OpenChannels b = transport.current();
            beacon.on(b == null ? null : b.transport());
        } else {
            beacon.off();
        }
    }

    @Override
    public boolean beaconing() {
        return beacon.isOn();
    }

    @Override
    public List<Peer> peers() {
        return peers.recent(handle);
    }

    @Override
    public Diagnosis diagnose(Duration probeTimeout) {
        OpenChannels b = transport.require("there is no network path to check");
        return new NetworkDiagnosis(b, inbox, counters, this::probe, selfId, handle, codecs.huddle())
                .run(probeTimeout);
    }
}
