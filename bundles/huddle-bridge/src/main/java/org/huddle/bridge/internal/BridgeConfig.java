package org.huddle.bridge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Huddle bridge",
        description = "Relays the default channel (every room on it, open or encrypted) between two transports, "
                + "typically a multicast LAN and a JGroups cluster, so that nodes on either side talk. Datagrams are "
                + "passed on unchanged: encrypted rooms stay sealed, and the bridge needs no passphrase.")
@interface BridgeConfig {

    String PID = "org.huddle.bridge";

    @AttributeDefinition(name = "First transport",
            description = "Filter that selects the transport on one side, for example (huddle.transport.kind=multicast).")
    String a_target() default "(huddle.transport.kind=multicast)";

    @AttributeDefinition(name = "Second transport",
            description = "Filter that selects the transport on the other side, for example "
                    + "(huddle.transport.name=jgroups). It must be another transport instance than the first.")
    String b_target() default "(huddle.transport.kind=jgroups)";

    @AttributeDefinition(name = "Flood rate",
            description = "Datagrams per second the bridge relays from one source host (after its burst); the rest "
                    + "are dropped before relaying and counted. 0: no limit. As the engine's flood.rate: far above "
                    + "what one person's chat needs.", min = "0")
    int flood_rate() default SourceLimits.DEFAULT_RATE;

    @AttributeDefinition(name = "Flood burst",
            description = "Datagrams the bridge relays from one source host at once, above flood.rate, after a "
                    + "quiet moment (as the engine's flood.burst).", min = "1")
    int flood_burst() default SourceLimits.DEFAULT_BURST;
}
