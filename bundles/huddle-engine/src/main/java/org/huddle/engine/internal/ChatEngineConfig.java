package org.huddle.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Huddle chat engine",
        description = "Rooms, handles and history of this node, and which transport it uses.")
@interface ChatEngineConfig {

    String PID = "org.huddle.engine";

    @AttributeDefinition(name = "Handle",
            description = "The name others see on this node's messages, 1 to 32 characters. Empty: the "
                    + "operating system's user name. chat:nick changes it until the next restart.")
    String handle() default "";

    @AttributeDefinition(name = "History size",
            description = "How many messages each room keeps in memory for chat:history.", min = "1")
    int history_size() default 1000;

    @AttributeDefinition(name = "Transport filter",
            description = "LDAP filter choosing the transports the engine may use, for example "
                    + "(huddle.transport.name=default). Among those, the highest-ranked is used.")
    String transport_target() default "(huddle.transport.name=*)";
}
