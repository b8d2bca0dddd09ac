package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the host's interfaces for one transport: chooses them again when asked, says what changed, and
 * moves memberships that are not on the current choice. Trouble is reported once, not at every rescan.
 * Not thread-safe: the transport calls it under its own lock.
 */
final class InterfaceWatch {

    private final Warnings warnings;
    /**
     * Per membership that could not move, where it could not move to. The same move is not tried again (it
     * would fail again, and say so in the log at every rescan); a new choice or new settings are.
     */
    private final Map<MulticastMembership, String> failedMoves = new HashMap<>();
    private volatile String trouble;

    InterfaceWatch(Warnings warnings) {
        this.warnings = warnings;
    }

    /** @return why the interfaces could not be chosen again at the last rescan; null when they could */
    String trouble() {
        return trouble;
    }

    /** Forgets reported trouble: a new configuration starts afresh. */
    void reset() {
        trouble = null;
        failedMoves.clear();
    }

    /**
     * Chooses the interfaces again with the setup's request.
     *
     * @return the setup on the new choice; {@code current} itself when nothing changed, or when no choice
     *         can be made now (a named interface went down, say): then its sockets stay as they are
     */
    TransportSetup rescan(TransportSetup current, String name) {
        InterfaceResolver.Choice next;
        try {
            next = current.request().resolve();
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            if (!why.equals(trouble)) {
                warnings.warn("transport " + name + ": cannot choose the interfaces again (" + why + "); staying on "
                        + current.interfaces().describe(), null);
            }
            trouble = why;
            return current;
        }
        if (trouble != null) {
            warnings.info("transport " + name + ": the interfaces can be chosen again");
            trouble = null;
        }
        if (next.sameAs(current.interfaces())) {
            return current;
        }
        warnings.info("transport " + name + ": " + difference(current.interfaces(), next) + "; now on "
                + next.describe());
        return current.with(next);
    }

    /**
     * Moves every membership that is not on the setup's interfaces and settings there, on its own channel.
     * One that cannot move stays on its sockets; it is tried again when the target changes.
     */
    void move(Collection<MulticastMembership> memberships, TransportSetup target, String name) {
        failedMoves.keySet().retainAll(memberships);
        String destination = InterfaceResolver.fingerprint(target.interfaces().interfaces()) + " " + target.settings();
        for (MulticastMembership m : memberships) {
            if (m.isOn(target.interfaces(), target.settings())) {
                failedMoves.remove(m);
                continue;
            }
            if (destination.equals(failedMoves.get(m))) {
                continue;
            }
            try {
                m.reopen(m.channel(), target.interfaces().interfaces(), target.settings());
                failedMoves.remove(m);
            } catch (IOException e) {
                failedMoves.put(m, destination);
                warnings.warn("transport " + name + ": cannot move " + m.channel() + " to "
                        + target.interfaces().describe() + " (" + e.getMessage() + "); it stays where it was", null);
            }
        }
    }

    /** @return for example {@code lan0 appeared, lo disappeared} or {@code wlan0 changed its addresses} */
    static String difference(InterfaceResolver.Choice before, InterfaceResolver.Choice after) {
        Map<String, String> was = byName(before.interfaces());
        Map<String, String> is = byName(after.interfaces());
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> e : is.entrySet()) {
            String print = was.get(e.getKey());
            if (print == null) {
                changes.add(e.getKey() + " appeared");
            } else if (!print.equals(e.getValue())) {
                changes.add(e.getKey() + " changed its index or addresses");
            }
        }
        for (String gone : was.keySet()) {
            if (!is.containsKey(gone)) {
                changes.add(gone + " disappeared");
            }
        }
        return "interfaces changed: " + String.join(", ", changes);
    }

    private static Map<String, String> byName(List<NetworkInterface> interfaces) {
        Map<String, String> prints = new LinkedHashMap<>();
        for (NetworkInterface ni : interfaces) {
            prints.put(ni.getName(), InterfaceResolver.fingerprint(List.of(ni)).get(0));
        }
        return prints;
    }
}
