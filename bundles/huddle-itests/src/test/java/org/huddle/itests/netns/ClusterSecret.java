package org.huddle.itests.netns;

import java.util.Map;

/**
 * The shared secret of the JGroups clusters these tests run: a JGroups transport that listens beyond loopback
 * refuses to start without one.
 */
final class ClusterSecret {

    static final String SECRET = "it-cluster secret 0123456789";

    private ClusterSecret() {
    }

    /** @return the keys of a JGroups transport instance named jgroups that finds its members among {@code hosts} */
    static Map<String, String> jgroupsCfg(String hosts) {
        return Map.of("huddle.transport.name", "jgroups", "hosts", hosts, "secret", SECRET);
    }
}
