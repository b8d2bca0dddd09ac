package org.huddle.engine.internal;

import org.huddle.engine.internal.delivery.HistorySync;
import org.huddle.engine.internal.delivery.Inbox;
import org.huddle.engine.internal.flood.FloodControl;
import org.huddle.engine.internal.presence.Presence;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Huddle chat engine",
        description = "Rooms, handles and history of this node, and which transport it uses.")
public @interface ChatEngineConfig {

    String PID = "org.huddle.engine";

    @AttributeDefinition(name = "Handle",
            description = "The name others see on this node's messages, 1 to 32 characters. Empty: the "
                    + "operating system's user name. chat:nick changes it until the next restart.")
    String handle() default "";

    @AttributeDefinition(name = "History size",
            description = "How many messages each room keeps for chat:history, in memory and on disk (a room's "
                    + "file is cut back to this many once it holds twice as many). Applies to rooms joined "
                    + "from then on.", min = "1")
    int history_size() default 1000;

    @AttributeDefinition(name = "Persist history",
            description = "Keep each room's history in a file in the framework's data area, so it is shown "
                    + "again after a restart. Off: history is kept in memory only and no file is read or "
                    + "written (files already there stay).")
    boolean history_persist() default true;

    @AttributeDefinition(name = "History sync",
            description = "How many of a room's latest messages a node asks its peers for when it joins the room "
                    + "(one peer replays them; they are merged into chat:history without duplicates). At most "
                    + "200 are replayed; 0 asks for none.", min = "0", max = "200")
    int history_sync() default HistorySync.DEFAULT_COUNT;

    @AttributeDefinition(name = "Gap hold time",
            description = "Milliseconds a message that arrives after a gap in its sender's numbering is held back "
                    + "while the missing ones are asked for again (NACKs every delivery.retry ms), before they are reported "
                    + "lost and delivery goes on.", min = "0")
    int delivery_hold() default ChatEngine.DEFAULT_HOLD_MILLIS;

    @AttributeDefinition(name = "NACK repeat interval",
            description = "Milliseconds between two NACKs for the same gap while it lasts (the first goes 20 ms after "
                    + "the gap is seen). Several round trips of the network; shorter repairs a lost NACK or "
                    + "retransmission sooner at the cost of more requests.", min = "10")
    int delivery_retry() default Inbox.REQUEST_INTERVAL_MILLIS;

    @AttributeDefinition(name = "Pace sending",
            description = "When members of a room ask again for this node's messages (they could not keep up and "
                    + "lost some), halve the rate this node sends at, and let it grow back while nobody asks; never "
                    + "below 2,000 datagrams a second, far above typing speed. Off: send as fast as messages are "
                    + "said, and leave the repair of what slower members lose to NACKs alone.")
    boolean delivery_pace() default true;

    @AttributeDefinition(name = "Presence interval",
            description = "Seconds between this node's hello on each room channel, which tells peers it is there, "
                    + "in which rooms and how far its numbering went (so a lost last message is asked for again). "
                    + "A peer not heard for three intervals is reported timed out.", min = "1")
    int presence_interval() default Presence.DEFAULT_INTERVAL_SECONDS;

    @AttributeDefinition(name = "Flood limit",
            description = "Datagrams per second that one host (one source address, whichever of its nodes sent "
                    + "them) may send to this node; more are dropped before they are decoded, counted as "
                    + "dropped.rate-limited and told at most once a minute per host. 0: no limit. This node also "
                    + "sends at most 80% of it (and of flood.burst at once), as nodes of one network share a "
                    + "configuration: a faster say waits instead of being dropped by its receivers.", min = "0")
    int flood_rate() default FloodControl.DEFAULT_RATE;

    @AttributeDefinition(name = "Flood burst",
            description = "Datagrams a host may send at once, above flood.rate, after a quiet moment: enough for a "
                    + "history replay (200), a repair answer (64 per NACK) or a 64 KiB message (about 60 parts).",
            min = "1")
    int flood_burst() default FloodControl.DEFAULT_BURST;

    @AttributeDefinition(name = "Network name",
            description = "Mixed into the key of every encrypted room joined from then on, with the room's name and "
                    + "passphrase: the same on every node that is to share encrypted rooms. A name of your own (your "
                    + "organisation's domain, say) makes a table of passphrase guesses built for another network's "
                    + "rooms useless here. Empty: none, as every node that does not set it.")
    String network_name() default "";

    @AttributeDefinition(name = "Transport filter",
            description = "LDAP filter choosing the transports the engine may use, for example "
                    + "(huddle.transport.name=default). Among those, the highest-ranked is used.")
    String transport_target() default "(huddle.transport.name=*)";
}
