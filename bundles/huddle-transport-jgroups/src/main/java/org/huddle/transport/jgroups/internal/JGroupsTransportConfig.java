package org.huddle.transport.jgroups.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Huddle JGroups transport",
        description = "Sends and receives Huddle datagrams over a JGroups cluster on TCP, for networks where "
                + "multicast does not reach (routed subnets, Wi-Fi client isolation, clouds, VPNs). Each "
                + "configuration is one transport instance; the engine uses the highest-ranked one its target "
                + "filter allows (chat:transport switches).")
@interface JGroupsTransportConfig {

    String PID = "org.huddle.transport.jgroups";

    @AttributeDefinition(name = "Name",
            description = "Name of this transport instance, registered as the service property huddle.transport.name.")
    String huddle_transport_name() default "jgroups";

    @AttributeDefinition(name = "Ranking",
            description = "Service ranking: the engine uses the highest-ranked transport its target filter allows.")
    int service_ranking() default 0;

    @AttributeDefinition(name = "Cluster",
            description = "Name of the JGroups cluster: nodes with the same name (and a way to find each other) "
                    + "form one group. Letters, digits, '.', '_' and '-', at most 64.")
    String cluster() default "huddle";

    @AttributeDefinition(name = "Secret", type = AttributeType.PASSWORD,
            description = "The cluster's shared secret, the same on every member, at least 16 characters (for "
                    + "example the output of openssl rand -base64 24): every TCP frame is sealed with a key derived "
                    + "from it (AES-256-GCM), so only holders can join, read or write. Required unless the node "
                    + "listens on loopback only. Prefer secret.file, which keeps it out of this configuration.")
    String secret() default "";

    @AttributeDefinition(name = "Secret file",
            description = "A file holding the secret (its first line), readable by the node's user alone: used "
                    + "instead of secret, read when the transport starts.")
    String secret_file() default "";

    @AttributeDefinition(name = "Initial hosts",
            description = "Where to look for other members (TCPPING): host names or addresses, each with an "
                    + "optional :port (default: bind.port), for example 10.1.0.5, chat.example.org:7801. Every "
                    + "member should list at least one that is up; this node's own address may be in the list.")
    String[] hosts() default {};

    @AttributeDefinition(name = "GossipRouters",
            description = "GossipRouters to find the other members through (TCPGOSSIP), as host:port (a "
                    + "GossipRouter listens on 12001 by default). When set, the initial hosts are not used.")
    String[] gossip_router() default {};

    @AttributeDefinition(name = "Bind address",
            description = "Address to listen on and connect from: an IP literal, a host name, or one of JGroups' "
                    + "keywords (site_local, global, non_loopback, match-interface:<regex>). Empty: the first "
                    + "site-local or global address of an interface that is up when a secret is set, else "
                    + "loopback. An address other than loopback needs a secret.")
    String bind_address() default "";

    @AttributeDefinition(name = "Port", description = "TCP port to listen on.", min = "1", max = "65535")
    int bind_port() default 7800;

    @AttributeDefinition(name = "Port range",
            description = "When the port is taken, the next ones are tried, this many (and looked at on the "
                    + "initial hosts), so that several nodes can run on one machine.", min = "0", max = "100")
    int port_range() default 10;

    @AttributeDefinition(name = "Groups",
            description = "The multicast groups that name the default channel (no multicast is sent: they only "
                    + "identify it). Keep them equal to the multicast transport's, so that rooms carry over when "
                    + "switching, and a bridge relays the same channel.")
    String[] groups() default { "239.255.72.68", "ff02::4844" };

    @AttributeDefinition(name = "Port of the default channel",
            description = "The UDP port that names the default channel, with the groups (as the multicast "
                    + "transport's port).", min = "1", max = "65535")
    int port() default 7446;

    @AttributeDefinition(name = "Join timeout",
            description = "Milliseconds to wait for the cluster's coordinator to let this node in; with nobody "
                    + "there the node forms a cluster of its own after this long.", min = "100")
    int join_timeout() default 2000;
}
