package org.huddle.engine.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.huddle.api.transport.Membership;
import org.huddle.codec.json.internal.BackchannelCodec;
import org.huddle.codec.json.internal.BeaconCodec;
import org.huddle.codec.json.internal.JsonMessageCodec;
import org.huddle.engine.internal.core.Codecs;
import org.huddle.engine.internal.core.EngineTime;
import org.huddle.engine.internal.history.HistoryStore;

/**
 * Engines on one in-VM hub, as a test starts them, and a plain socket on the hub's channel that hears every
 * datagram sent there and can send anything: what anyone else on the network has. Closing stops the engines.
 */
final class HubEngines implements AutoCloseable {

    static final Codecs CODECS = new Codecs(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec());

    final InVmTransport.Hub hub = new InVmTransport.Hub();
    /** Every datagram sent on the channel, copied as it went. */
    final List<ByteBuffer> heard = Collections.synchronizedList(new ArrayList<>());
    /** The plain socket: sends as someone on the network would. */
    final Membership outsider;
    private final List<ChatEngine> running = new ArrayList<>();

    HubEngines(String outsiderName) {
        outsider = new InVmTransport(outsiderName, hub).open(InVmTransport.CHANNEL,
                (payload, source) -> heard.add(ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip()));
    }

    ChatEngine start(String handle, RecordingListener sees) {
        return start(handle, sees, EngineTime.SYSTEM);
    }

    /** @param time the engine's clocks: a test's own where it counts against time */
    ChatEngine start(String handle, RecordingListener sees, EngineTime time) {
        return start(handle, sees, time, 100);
    }

    /** @param historySize how many messages each room's history keeps */
    ChatEngine start(String handle, RecordingListener sees, EngineTime time, int historySize) {
        ChatEngine e = new ChatEngine(handle, historySize, CODECS, HistoryStore.inMemory(), ChatEngine.DEFAULT_HOLD_MILLIS,
                (m, t) -> { }, time);
        e.listeners(List.of(sees));
        e.bindTransport(new InVmTransport(handle, hub));
        running.add(e);
        return e;
    }

    /** @return the engine started {@code index}th, from 0 */
    ChatEngine get(int index) {
        return running.get(index);
    }

    /** @return everything heard, each datagram as Latin-1 text on a line of its own, to look for clear text */
    String heardText() {
        StringBuilder all = new StringBuilder();
        synchronized (heard) {
            heard.forEach(b -> all.append(StandardCharsets.ISO_8859_1.decode(b.duplicate())).append('\n'));
        }
        return all.toString();
    }

    @Override
    public void close() {
        running.forEach(ChatEngine::deactivate);
        outsider.close();
    }
}
