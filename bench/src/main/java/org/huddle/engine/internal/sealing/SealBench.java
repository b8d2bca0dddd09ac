package org.huddle.engine.internal.sealing;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An encrypted room's cost per datagram: sealing (AES-256-GCM, a random nonce) and opening, for a chat
 * line's datagram and the largest that is sent sealed. In the engine's package (a split
 * package on the benchmark's plain class path) to reach it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SealBench {

    /** Bytes of the datagram sealed: about a chat line's, and the largest that is sent sealed. */
    @Param({ "200", "1161" })
    public int size;

    private RoomSecret secret;
    private ByteBuffer plain;
    private ByteBuffer sealed;
    private long counter;

    @Setup
    public void setUp() {
        secret = RoomSecret.derive("bench", "correct horse battery staple bench");
        plain = ByteBuffer.wrap(new byte[Math.min(size, 1232 - SealedDatagram.OVERHEAD)]);
        sealed = SealedDatagram.seal(secret, 1, 1, 1_700_000_000_000L, plain);
    }

    @Benchmark
    public ByteBuffer seal() {
        return SealedDatagram.seal(secret, 1, ++counter, 1_700_000_000_000L, plain.duplicate());
    }

    @Benchmark
    public SealedDatagram.Opened open() throws SealedDatagram.Unopened {
        return SealedDatagram.open(secret, sealed.duplicate());
    }
}
