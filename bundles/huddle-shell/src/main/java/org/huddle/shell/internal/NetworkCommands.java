package org.huddle.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.huddle.api.ChatException;
import org.huddle.api.TerminalText;
import org.huddle.api.ChatService;
import org.huddle.api.Diagnosis;
import org.huddle.api.Peer;
import org.huddle.api.Probe;
import org.huddle.api.ProbeReply;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code chat:} commands about the network rather than the conversation: who listens (ping), who is
 * around (beacon, peers) and why nobody is heard (diagnose).
 */
@Component(service = NetworkCommands.class)
@GogoCommand(scope = "chat", function = { "ping", "beacon", "peers", "diagnose" })
public final class NetworkCommands {

    static final int DEFAULT_TIMEOUT_MILLIS = 1000;
    static final int MAX_TIMEOUT_MILLIS = 60_000;

    private final ChatService chat;

    @Activate
    public NetworkCommands(@Reference ChatService chat) {
        this.chat = chat;
    }

    @Descriptor("probe who listens: every Huddle node in the current room answers, and so does any listener that "
            + "acknowledges what it gets (such as PyMOTW's multicast receiver on 224.3.29.71:10000)")
    public String ping(CommandSession session,
            @Descriptor("multicast group(s) to probe, comma-separated (default: the current room's)")
            @Parameter(names = "--group", absentValue = "") String group,
            @Descriptor("UDP port (default: the current room's, or the transport's)")
            @Parameter(names = "--port", absentValue = "0") String port,
            @Descriptor("how long to wait for replies, in milliseconds (default " + DEFAULT_TIMEOUT_MILLIS + ")")
            @Parameter(names = "--timeout", absentValue = "" + DEFAULT_TIMEOUT_MILLIS) String timeout,
            @Descriptor("the text the probe carries (default: ping)") String... text) {
        return run("ping", text, () -> {
            List<String> groups = group.isBlank() ? List.of() : List.of(group);
            int p = port.equals("0") ? 0 : CommandRun.number(port, "port", 1, 65535);
            int t = CommandRun.number(timeout, "timeout in milliseconds", 1, MAX_TIMEOUT_MILLIS);
            String words = text.length == 0 ? "ping" : String.join(" ", text);
            List<ProbeReply> replies = chat.probe(new Probe(groups, p, Duration.ofMillis(t), words), r -> {
                // Shown as they arrive: a slow network is visible as it happens, not after the timeout.
                session.getConsole().println(reply(r));
                session.getConsole().flush();
            });
            return replies.size() + " replies";
        });
    }

    static String reply(ProbeReply r) {
        return "reply from " + r.from().getAddress().getHostAddress() + ":" + r.from().getPort() + " in "
                + r.roundTrip().toMillis() + " ms: " + TerminalText.escape(r.text());
    }

    @Descriptor("turn the discovery beacon on or off: {\"username\": <handle>} to 224.0.0.1:9778 every 2 s, and "
            + "listen for the beacons of others there (chat:peers lists them); off by default")
    public String beacon(@Descriptor("on or off; none shows whether it is on") String... state) {
        return run("beacon", state, () -> {
            if (state.length == 0) {
                return "beacon is " + (chat.beaconing() ? "on" : "off");
            }
            switch (CommandRun.exactlyOne(state, "chat:beacon on|off").toLowerCase(Locale.ROOT)) {
                case "on" -> {
                    chat.beacon(true);
                    return "beacon on: {\"username\": \"" + TerminalText.escape(chat.handle())
                            + "\"} to 224.0.0.1:9778 every 2 s; chat:peers lists the beacons heard";
                }
                case "off" -> {
                    chat.beacon(false);
                    return "beacon off";
                }
                default -> throw new ChatException("'" + state[0] + "' is neither on nor off: chat:beacon on|off");
            }
        });
    }

    @Descriptor("list who was heard in the last 10 minutes, in rooms or by beacon, most recent first")
    public String peers(@Descriptor("takes no arguments (--help shows this help)") String... args) {
        return run("peers", args, () -> {
            CommandRun.noArguments(args, "chat:peers");
            List<Peer> peers = chat.peers();
            if (peers.isEmpty()) {
                return "nobody heard yet" + (chat.beaconing() ? "" : "; chat:beacon on also listens for beacons");
            }
            StringJoiner lines = new StringJoiner(System.lineSeparator());
            Instant now = Instant.now();
            for (Peer p : peers) {
                lines.add(TerminalText.escape(p.handle()) + "  " + p.address().getAddress().getHostAddress() + ":"
                        + p.address().getPort() + "  " + TerminalText.escape(p.via()) + "  "
                        + Math.max(0, Duration.between(p.lastSeen(), now).toSeconds()) + " s ago");
            }
            return lines.toString();
        });
    }

    @Descriptor("explain why peers are or are not heard: a verdict per interface and address family, then what to do")
    public String diagnose(
            @Descriptor("how long to wait for the self-loop and for peers to answer, in milliseconds (default "
                    + DEFAULT_TIMEOUT_MILLIS + ")")
            @Parameter(names = "--timeout", absentValue = "" + DEFAULT_TIMEOUT_MILLIS) String timeout,
            @Descriptor("takes no other arguments") String... args) {
        return run("diagnose", args, () -> {
            CommandRun.noArguments(args, "chat:diagnose [--timeout MS]");
            int t = CommandRun.number(timeout, "timeout in milliseconds", 1, MAX_TIMEOUT_MILLIS);
            Diagnosis d = chat.diagnose(Duration.ofMillis(t));
            StringJoiner lines = new StringJoiner(System.lineSeparator());
            for (Diagnosis.Finding f : d.findings()) {
                lines.add(String.format("%-7s %s: %s", label(f.verdict()), TerminalText.escape(f.subject()),
                        TerminalText.escape(f.detail())));
            }
            if (!d.hints().isEmpty()) {
                lines.add("what to do:");
                d.hints().forEach(h -> lines.add("- " + TerminalText.escape(h)));
            }
            return lines.toString();
        });
    }

    private static String label(Diagnosis.Verdict verdict) {
        return switch (verdict) {
            case OK -> "ok";
            case WARNING -> "warning";
            case PROBLEM -> "PROBLEM";
        };
    }

    private static String run(String command, String[] args, CommandRun.Body body) {
        return CommandRun.run(NetworkCommands.class, command, args, body);
    }
}
