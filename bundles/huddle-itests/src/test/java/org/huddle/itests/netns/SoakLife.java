package org.huddle.itests.netns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.huddle.itests.host.DistributionNode;

/**
 * One life of a soak node: one process of one node, from its start to its kill (SIGKILL) or to the end of the soak,
 * with the rooms it was in and when, as the soak commanded them. A node killed and started again in its copy is a
 * new life with the next number (and, to its peers, a new sender: a node's id is new at every start,
 * docs/reliability.md). Times are {@link System#nanoTime()}, the clock the node's output lines are stamped on.
 *
 * <p>Confined to the soak's one driving thread while the soak runs; read by the analysis after.
 */
final class SoakLife {

    private final String handle;
    private final int number;
    private final DistributionNode node;
    private final long started;
    private long ready = Long.MAX_VALUE;
    private long ended = Long.MAX_VALUE;
    private boolean killed;
    /** Per room, the spells in it: {from, to}, to {@link Long#MAX_VALUE} while in it. */
    private final Map<String, List<long[]>> spells = new LinkedHashMap<>();

    SoakLife(String handle, int number, DistributionNode node, long started) {
        this.handle = handle;
        this.number = number;
        this.node = node;
        this.started = started;
    }

    String handle() {
        return handle;
    }

    /** @return 1 for the first process of the node, 2 after its first restart, … */
    int number() {
        return number;
    }

    DistributionNode node() {
        return node;
    }

    long started() {
        return started;
    }

    /** @return when its console answered its handle, {@link Long#MAX_VALUE} before */
    long ready() {
        return ready;
    }

    boolean isReady() {
        return ready != Long.MAX_VALUE && ended == Long.MAX_VALUE;
    }

    void ready(long at) {
        ready = at;
    }

    /** @return when it was killed or the soak ended, {@link Long#MAX_VALUE} while it runs */
    long ended() {
        return ended;
    }

    boolean killed() {
        return killed;
    }

    /** Ends this life: killed by the soak, or at the end of the soak; every room spell ends with it. */
    void end(long at, boolean byKill) {
        ended = at;
        killed = byKill;
        for (String room : spells.keySet()) {
            left(room, at);
        }
    }

    /** It was told to join (or, after a restart, rejoins by itself) at {@code at}. */
    void joined(String room, long at) {
        if (!isIn(room)) {
            spells.computeIfAbsent(room, r -> new ArrayList<>()).add(new long[] { at, Long.MAX_VALUE });
        }
    }

    /** It was told to leave at {@code at} (or was killed): what it was sent later is not its to show. */
    void left(String room, long at) {
        List<long[]> list = spells.get(room);
        if (list != null && list.get(list.size() - 1)[1] == Long.MAX_VALUE) {
            list.get(list.size() - 1)[1] = at;
        }
    }

    boolean isIn(String room) {
        List<long[]> list = spells.get(room);
        return list != null && list.get(list.size() - 1)[1] == Long.MAX_VALUE;
    }

    /** @return the rooms it is in now */
    List<String> rooms() {
        return spells.keySet().stream().filter(this::isIn).toList();
    }

    /**
     * @return the spell in {@code room} that {@code at} falls in ({from, to}), or {@code null} when it was not in the
     *         room then
     */
    long[] spellAt(String room, long at) {
        for (long[] spell : spells.getOrDefault(room, List.of())) {
            if (spell[0] <= at && at < spell[1]) {
                return spell;
            }
        }
        return null;
    }

    /** @return for messages, {@code alice#2} */
    @Override
    public String toString() {
        return handle + "#" + number;
    }
}
