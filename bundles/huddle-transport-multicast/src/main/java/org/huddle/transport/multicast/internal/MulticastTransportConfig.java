package org.huddle.transport.multicast.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Huddle multicast transport",
        description = "Sends and receives Huddle datagrams over IP multicast. Each configuration is one transport "
                + "instance; the engine uses the highest-ranked one its target filter allows.")
@interface MulticastTransportConfig {

    String PID = "org.huddle.transport.multicast";

    @AttributeDefinition(name = "Name",
            description = "Name of this transport instance, registered as the service property huddle.transport.name.")
    String huddle_transport_name() default "default";

    @AttributeDefinition(name = "Ranking",
            description = "Service ranking: the engine uses the highest-ranked transport.")
    int service_ranking() default 0;

    @AttributeDefinition(name = "Interfaces",
            description = "Network interfaces to join and send on, by name (for example enp3s0, wlp2s0, lo) or index (2). Empty: every up, "
                    + "multicast-capable, non-loopback interface that is not excluded.")
    String[] interfaces() default {};

    @AttributeDefinition(name = "Excluded interfaces",
            description = "Network interfaces never to use, by name or index, for example virtual bridges of "
                    + "containers or VPN tunnels that the automatic choice would otherwise take.")
    String[] interfaces_exclude() default {};

    @AttributeDefinition(name = "Interface rescan",
            description = "Every this many seconds the interfaces are chosen again, so that an interface that "
                    + "comes up, goes down, or gets an address is followed without a restart. 0 turns rescanning off.",
            min = "0")
    int interfaces_rescan() default 5;

    @AttributeDefinition(name = "Loopback fallback",
            description = "When no interface qualifies, use the loopback interface, so that instances on one "
                    + "offline host still find each other.")
    boolean loopback_fallback() default true;

    @AttributeDefinition(name = "Groups",
            description = "Multicast groups of the default channel: IPv4 (239.255.0.0/16 is organisation-local) "
                    + "and/or IPv6 (ff02:: link-local, ff05:: site-local). With a TTL / hop limit above 1, every "
                    + "ff02::X group is also joined and sent to as ff05::X.")
    String[] groups() default { "239.255.72.68", "ff02::4844" };

    @AttributeDefinition(name = "Port", description = "UDP port of the default channel.", min = "1", max = "65535")
    int port() default 7446;

    @AttributeDefinition(name = "TTL / hop limit",
            description = "How many routers a datagram may cross; 1 keeps it on the local network segment, and then "
                    + "only datagrams from the segment are taken (a source within the interfaces' prefixes, IPv6 "
                    + "link-local or loopback); above 1, multicast routed from other subnets is taken too.",
            min = "0", max = "255")
    int ttl() default 1;

    @AttributeDefinition(name = "Multicast loop",
            description = "Deliver sent datagrams to other sockets on this host too, so several instances on one "
                    + "host see each other. Own datagrams are recognised by sender id either way.")
    boolean multicast_loop() default true;

    @AttributeDefinition(name = "Receive buffer",
            description = "Socket receive buffer in bytes (SO_RCVBUF); the kernel may cap it (net.core.rmem_max). "
                    + "0 keeps the system default.", min = "0")
    int receive_buffer() default 1048576;

    @AttributeDefinition(name = "Send buffer",
            description = "Socket send buffer in bytes (SO_SNDBUF). 0 keeps the system default.", min = "0")
    int send_buffer() default 0;
}
