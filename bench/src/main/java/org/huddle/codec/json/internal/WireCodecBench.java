package org.huddle.codec.json.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Huddle's wire codec for one chat message, each way, side by side with the paths it replaced (a tree for
 * reading, the object mapper for writing) and with a naive Jackson pipeline (a map written, a tree read).
 * In the codec's package (a split package on the benchmark's plain class path) to reach those paths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBench {

    /** Text of the message: a chat line, a long one, and the longest that fits one datagram. */
    @Param({ "80", "1024" })
    public int size;

    private final JsonMessageCodec codec = new JsonMessageCodec();
    private final ObjectMapper naive = new ObjectMapper();
    private Envelope envelope;
    private byte[] datagram;
    private Map<String, Object> map;

    @Setup
    public void setUp() {
        envelope = new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "alice", "lobby", 123_456,
                1_700_000_000_000L, "x".repeat(size));
        ByteBuffer encoded = codec.encode(envelope);
        datagram = new byte[encoded.remaining()];
        encoded.get(datagram);
        map = new LinkedHashMap<>();
        map.put("v", 1);
        map.put("type", "msg");
        map.put("id", envelope.senderId());
        map.put("handle", envelope.handle());
        map.put("room", envelope.room());
        map.put("seq", envelope.sequence());
        map.put("ts", envelope.timestamp());
        map.put("content", envelope.content());
    }

    @Benchmark
    public ByteBuffer encode() {
        return codec.encode(envelope);
    }

    @Benchmark
    public byte[] encodeByMapper() {
        return codec.encodeByMapper(envelope);
    }

    @Benchmark
    public Envelope decode() throws MalformedDatagramException {
        return codec.decode(ByteBuffer.wrap(datagram));
    }

    @Benchmark
    public Envelope decodeByTree() throws MalformedDatagramException {
        return codec.decodeByTree(ByteBuffer.wrap(datagram));
    }

    @Benchmark
    public byte[] naiveJacksonWrite() throws Exception {
        return naive.writeValueAsBytes(map);
    }

    @Benchmark
    public JsonNode naiveJacksonRead() throws Exception {
        return naive.readTree(datagram);
    }
}
