package org.huddle.engine.internal.rooms;

import java.util.Arrays;
import java.util.List;

import org.huddle.api.ChatException;
import org.huddle.api.ChatService;
import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A room joined by configuration rather than by command, so that a node can start in its rooms, encrypted
 * ones included, without a passphrase typed into a shell (and its history). A changed configuration leaves
 * the room and joins it again as configured; a deleted one leaves it.
 */
@Component(configurationPid = ConfiguredRoomConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredRoomConfig.class, factory = true)
public final class ConfiguredRoom {

    private final ChatService chat;
    private final String room;
    private final boolean joined;

    @Activate
    public ConfiguredRoom(ConfiguredRoomConfig config, @Reference ChatService chat,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.chat = chat;
        this.room = config.room() == null ? "" : config.room().trim();
        boolean ok = false;
        try {
            Wire wire = Wire.of(config.wire()).orElseThrow(
                    () -> new ChatException("unknown wire '" + config.wire() + "': use huddle or backchannel"));
            List<String> groups = config.groups() == null ? List.of()
                    : Arrays.stream(config.groups()).map(String::trim).filter(g -> !g.isEmpty()).toList();
            chat.join(room, new JoinOptions(wire, groups, config.port(),
                    config.passphrase() == null ? "" : config.passphrase()));
            ok = true;
        } catch (ChatException | IllegalArgumentException e) {
            // Never the passphrase in the log: JoinOptions does not print it, and neither does this.
            log.warn("configured room '{}' not joined: {}", room, e.getMessage());
        }
        this.joined = ok;
    }

    @Deactivate
    void deactivate() {
        if (!joined) {
            return;
        }
        try {
            chat.leave(room);
        } catch (ChatException alreadyLeft) {
            // left by command meanwhile
        }
    }
}
