package org.huddle.engine.internal.probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.transport.Membership;

/**
 * Answers probes: once per probe (a probe sent on several interfaces or families arrives several times),
 * after a random delay of up to {@link #MAX_DELAY_MILLIS}, so a big room does not answer all at once, and
 * with a bound on pending answers, so a flood of probes cannot queue up work.
 */
public final class ProbeResponder {

    static final int MAX_DELAY_MILLIS = 200;

    private static final int MAX_PENDING = 64;
    private static final int REMEMBERED = 512;

    private final ScheduledExecutorService timer;
    private final AtomicInteger pending = new AtomicInteger();
    final LongAdder answered = new LongAdder();
    final LongAdder refused = new LongAdder();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ProbeResponder(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * @param prober  the probing node's id
     * @param probe   the probe's number
     * @param answer  the pong, ready to send
     * @param via     the membership the probe arrived on
     * @param to      where the probe came from
     */
    public void answer(String prober, long probe, ByteBuffer answer, Membership via, InetSocketAddress to) {
        synchronized (seen) {
            if (seen.put(prober + '/' + probe, Boolean.TRUE) != null) {
                return;
            }
        }
        if (via == null || pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            refused.increment();
            return;
        }
        try {
            timer.schedule(() -> send(answer, via, to), ThreadLocalRandom.current().nextInt(MAX_DELAY_MILLIS + 1),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pending.decrementAndGet();
        }
    }

    private void send(ByteBuffer answer, Membership via, InetSocketAddress to) {
        pending.decrementAndGet();
        try {
            via.sendTo(to, answer);
            answered.increment();
        } catch (IOException | RuntimeException e) {
            refused.increment(); // the prober is gone or unreachable: nothing to tell anyone
        }
    }
}
