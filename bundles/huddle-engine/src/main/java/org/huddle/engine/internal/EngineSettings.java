package org.huddle.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.huddle.api.ChatService;
import org.huddle.api.Names;
import org.huddle.api.Notice;
import org.huddle.engine.internal.core.Handles;
import org.huddle.engine.internal.core.ListenerDispatch;
import org.huddle.engine.internal.delivery.HistorySync;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.delivery.SendPace;
import org.huddle.engine.internal.flood.FloodControl;
import org.huddle.engine.internal.history.HistoryStore;
import org.huddle.engine.internal.presence.Presence;
import org.huddle.engine.internal.rooms.RoomRegistry;

/**
 * Applies the engine's configuration to its running parts, so a change takes effect without a restart and
 * rooms stay joined (a restart would leave them). A value that cannot be used is refused with a warning
 * and a notice, and the setting keeps its last good value.
 */
final class EngineSettings {

    /** The engine's parts a setting reaches. */
    record Parts(Supplier<String> handle, Consumer<String> newHandle, RoomRegistry rooms, HistoryStore history,
            Inbox inbox, Presence presence, HistorySync historySync, FloodControl flood, SendPace pace,
            ListenerDispatch dispatch, BiConsumer<String, Throwable> warnings) {
    }

    /** Below this a NACK would be repeated before its answer can arrive on a busy host. */
    static final int MIN_RETRY_MILLIS = 10;

    private final Parts p;
    private volatile String configuredHandle;

    /** @param configuredHandle the handle the engine was activated with, as configured */
    EngineSettings(Parts parts, String configuredHandle) {
        this.p = parts;
        this.configuredHandle = configuredHandle == null ? "" : configuredHandle.trim();
    }

    /** @return the handle as configured now (blank for none) */
    String configuredHandle() {
        return configuredHandle;
    }

    /**
     * A changed configuration. A new handle replaces one set with chat:nick; a new history size and
     * history.sync apply to rooms joined from now on; history.persist to the next message and the next
     * join; a new transport filter makes SCR rebind the transport.
     */
    void changed(ChatEngineConfig config) {
        String configured = config.handle() == null ? "" : config.handle().trim();
        // Only a handle that changed in the configuration replaces one set with chat:nick: ConfigAdmin also
        // calls with an unchanged one (Karaf writing etc/ after feature:install), which must not undo a nick.
        boolean sameAsBefore = configured.equals(configuredHandle);
        configuredHandle = configured;
        if (sameAsBefore) {
            // keep the handle in use
        } else if (configured.isEmpty() || Names.isHandle(configured)) {
            p.newHandle().accept(Handles.initial(configured, p.warnings()));
        } else {
            refuse("handle '" + configured + "' is not allowed (1 to " + ChatService.MAX_HANDLE_LENGTH
                    + " characters, no control characters); keeping " + p.handle().get());
        }
        if (config.history_size() >= 1) {
            p.rooms().historySize(config.history_size());
        } else {
            refuse("history.size " + config.history_size() + " is less than 1; keeping the previous size");
        }
        p.history().persist(config.history_persist());
        if (config.delivery_hold() >= 0) {
            p.inbox().hold(config.delivery_hold());
        } else {
            refuse("delivery.hold " + config.delivery_hold() + " is negative; keeping the previous hold time");
        }
        timing(config);
    }

    /** The settings the engine's constructor does not take: at activation, and on every change. */
    void timing(ChatEngineConfig config) {
        p.pace().enabled(config.delivery_pace());
        if (config.delivery_retry() >= MIN_RETRY_MILLIS) {
            p.inbox().retry(config.delivery_retry());
        } else {
            refuse("delivery.retry " + config.delivery_retry() + " is less than " + MIN_RETRY_MILLIS
                    + "; keeping the previous interval");
        }
        if (config.presence_interval() >= 1) {
            long millis = TimeUnit.SECONDS.toMillis(config.presence_interval());
            if (millis != p.presence().intervalMillis()) {
                p.presence().interval(millis); // a restart of the ticks: only when it changed
            }
        } else {
            refuse("presence.interval " + config.presence_interval() + " is less than 1; keeping the previous interval");
        }
        int count = config.history_sync();
        if (count >= 0 && count <= HistorySync.MAX_ANSWER) {
            p.historySync().count(count);
        } else {
            refuse("history.sync " + count + " is not 0 to " + HistorySync.MAX_ANSWER + "; keeping the previous count");
        }
        if (config.flood_rate() >= 0 && config.flood_burst() >= 1) {
            p.flood().limit(config.flood_rate(), config.flood_burst());
            p.pace().belowFloodLimit(config.flood_rate(), config.flood_burst());
        } else {
            refuse("flood.rate " + config.flood_rate() + " is negative or flood.burst " + config.flood_burst()
                    + " is less than 1; keeping the previous limit");
        }
    }

    private void refuse(String why) {
        p.warnings().accept("configuration refused: " + why, null);
        p.dispatch().notice(new Notice(null, Notice.Level.WARNING, "configuration refused: " + why));
    }
}
