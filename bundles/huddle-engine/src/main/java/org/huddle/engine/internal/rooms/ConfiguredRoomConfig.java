package org.huddle.engine.internal.rooms;

import org.huddle.api.Names;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "Huddle room",
        description = "A room this node joins when it starts, and leaves when this configuration is deleted: "
                + "the configuration equivalent of chat:join. One configuration per room (factory PID "
                + ConfiguredRoomConfig.FACTORY_PID + ", for example load/" + ConfiguredRoomConfig.FACTORY_PID
                + "-plans.cfg).")
@interface ConfiguredRoomConfig {

    String FACTORY_PID = "org.huddle.room";

    @AttributeDefinition(name = "Room", description = "The room's name: " + Names.ROOM_RULE + ".")
    String room();

    @AttributeDefinition(name = "Passphrase",
            description = "Encrypts the room with a key derived from this passphrase and the room's name; only "
                    + "nodes with the same passphrase read and write there. Empty: an open room that anyone on the "
                    + "network can read and write. Kept in this file in clear: protect it like a password.",
            type = AttributeType.PASSWORD)
    String passphrase() default "";

    @AttributeDefinition(name = "Wire", description = "huddle, or backchannel to talk to backchannel clients "
            + "(which cannot be encrypted).", options = { @Option(label = "Huddle", value = "huddle"),
                    @Option(label = "backchannel", value = "backchannel") })
    String wire() default "huddle";

    @AttributeDefinition(name = "Groups",
            description = "Multicast groups, IPv4 and/or IPv6. Empty: the transport's groups (or the wire's).")
    String[] groups() default {};

    @AttributeDefinition(name = "Port", description = "UDP port; 0: the transport's port (or the wire's).",
            min = "0", max = "65535")
    int port() default 0;
}
