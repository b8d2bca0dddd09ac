package org.huddle.bench;

import java.util.List;

/** The systems under test, by the names the harness and its table use. */
public final class Systems {

    /** In the order of the table: the floor first, the peer users would otherwise pick last. */
    public static final List<String> ALL = List.of("raw", "raw-member", "huddle", "huddle-sealed", "huddle-dist",
            "huddle-jgroups", "jgroups");

    /** Huddle as a user runs it, any setup: the systems the no-loss goal holds for. */
    static boolean isHuddle(String system) {
        return system.startsWith("huddle");
    }

    private Systems() {
    }

    public static Member.Factory factory(String name) {
        return switch (name) {
            case "raw" -> (id, members, delivery) -> RawMulticast.start(id, members, delivery, false);
            // the floor for any member of a group: the sender also gets its own datagrams back, as Huddle and JGroups do
            case "raw-member" -> (id, members, delivery) -> RawMulticast.start(id, members, delivery, true);
            case "huddle" -> (id, members, delivery) -> HuddleNode.start(id, members, delivery, false, HuddleNode.BUNDLES);
            case "huddle-sealed" -> (id, members, delivery) -> HuddleNode.start(id, members, delivery, true, HuddleNode.BUNDLES);
            // the distribution's load/*.cfg as shipped, and the engine on its own JGroups transport (HuddleNode.Setup)
            case "huddle-dist" -> (id, members, delivery) -> HuddleNode.start(id, members, delivery, false, HuddleNode.BUNDLES,
                    HuddleNode.Setup.DIST);
            case "huddle-jgroups" -> (id, members, delivery) -> HuddleNode.start(id, members, delivery, false,
                    HuddleNode.BUNDLES, HuddleNode.Setup.JGROUPS);
            // another build's bundles side by side with this one's, e.g. before and after a change (not in ALL):
            // BENCH_JVM_FLAGS=-Dhuddle.baseline.bundles=<its distribution>/bundle bench/run --systems huddle-baseline,huddle
            case "huddle-baseline" -> (id, members, delivery) -> HuddleNode.start(id, members, delivery, false,
                    System.getProperty("huddle.baseline.bundles", "missing: set -Dhuddle.baseline.bundles"));
            case "jgroups" -> JGroupsNode::start;
            default -> throw new IllegalArgumentException("unknown system " + name + "; known: " + ALL);
        };
    }
}
