package org.huddle.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.huddle.api.ChatException;
import org.huddle.api.TerminalText;
import org.huddle.api.ChatService;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code chat:transport}: which transports this node has and which one it uses, and the switch between them. A
 * switch is a configuration change, the same one an operator could make in {@code load/}: the JGroups
 * transport's factory configuration (created or updated), then the engine's {@code transport.target}. The
 * engine follows live, keeping its rooms, and says {@code *** using transport …} when it has switched.
 */
@Component(service = TransportCommands.class)
@GogoCommand(scope = "chat", function = { "transport" })
public final class TransportCommands {

    static final String ENGINE_PID = "org.huddle.engine";
    static final String JGROUPS_PID = "org.huddle.transport.jgroups";
    /** The instance chat:transport creates and updates. */
    static final String JGROUPS_NAME = "jgroups";
    private static final String JGROUPS_OPTIONS = "--hosts, --gossip, --bind, --port, --cluster and --secret-file go with "
            + "chat:transport jgroups";

    private final ChatService chat;
    private final ConfigurationAdmin configurations;
    private final BundleContext context;

    @Activate
    public TransportCommands(@Reference ChatService chat, @Reference ConfigurationAdmin configurations,
            BundleContext context) {
        this.chat = chat;
        this.configurations = configurations;
        this.context = context;
    }

    @Descriptor("list the transports (name, kind, ranking, in use), or switch: 'jgroups' to a JGroups cluster over TCP "
            + "(creating or updating its configuration), 'multicast' back to IP multicast")
    public String transport(
            @Descriptor("jgroups: where to find the other members, host[:port] comma-separated (TCPPING)")
            @Parameter(names = "--hosts", absentValue = "") String hosts,
            @Descriptor("jgroups: GossipRouter(s) to find members through instead, host:port comma-separated")
            @Parameter(names = "--gossip", absentValue = "") String gossip,
            @Descriptor("jgroups: the address to listen on (default: the first site-local or global one)")
            @Parameter(names = "--bind", absentValue = "") String bind,
            @Descriptor("jgroups: the TCP port to listen on (default 7800)")
            @Parameter(names = "--port", absentValue = "0") String port,
            @Descriptor("jgroups: the cluster's name; nodes with the same name form one group (default huddle)")
            @Parameter(names = "--cluster", absentValue = "") String cluster,
            @Descriptor("jgroups: a file whose first line is the cluster's secret, the same on every member (at least "
                    + "16 characters; needed to reach beyond this machine); kept as its path, never copied")
            @Parameter(names = "--secret-file", absentValue = "") String secretFile,
            @Descriptor("jgroups or multicast; none lists the transports") String... kind) {
        return CommandRun.run(TransportCommands.class, "transport", kind, () -> {
            boolean jgroupsOptions = !(hosts + gossip + bind + cluster + secretFile).isEmpty() || !port.equals("0");
            if (kind.length == 0) {
                if (jgroupsOptions) {
                    throw new ChatException(JGROUPS_OPTIONS);
                }
                return list();
            }
            String which = CommandRun.exactlyOne(kind, "chat:transport [jgroups [--hosts H] [--gossip G] [--bind A] "
                    + "[--port P] [--cluster C] [--secret-file F] | multicast]");
            switch (which) {
                case "jgroups" -> {
                    return jgroups(hosts, gossip, bind, port, cluster, secretFile);
                }
                case "multicast" -> {
                    if (jgroupsOptions) {
                        throw new ChatException(JGROUPS_OPTIONS);
                    }
                    target("(" + Transport.KIND + "=multicast)");
                    return "switching to the multicast transport (rooms stay joined)";
                }
                default -> throw new ChatException("unknown transport kind '" + which + "': use jgroups or multicast");
            }
        });
    }

    private String jgroups(String hosts, String gossip, String bind, String port, String cluster, String secretFile) {
        Configuration existing = existing(JGROUPS_NAME);
        if (hosts.isBlank() && gossip.isBlank() && existing == null) {
            throw new ChatException("give --hosts <host>[,<host>…] (or --gossip <router>) to find the other members");
        }
        int p = port.equals("0") ? 0 : CommandRun.number(port, "port", 1, 65535);
        try {
            // the instance named jgroups wherever it came from (a load/ file, or this command before)
            Configuration c = existing != null ? existing
                    : configurations.getFactoryConfiguration(JGROUPS_PID, JGROUPS_NAME, "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            props.put(Transport.NAME, JGROUPS_NAME);
            // lists as typed, as a load/ file has them: the transport takes commas and blanks apart itself
            if (!hosts.isBlank()) {
                props.put("hosts", hosts.strip());
                props.remove("gossip.router");
            }
            if (!gossip.isBlank()) {
                props.put("gossip.router", gossip.strip());
            }
            if (!bind.isBlank()) {
                props.put("bind.address", bind);
            }
            if (p > 0) {
                props.put("bind.port", p);
            }
            if (!cluster.isBlank()) {
                props.put("cluster", cluster.strip());
            }
            if (!secretFile.isBlank()) {
                // the path, absolute so that it means the same to the transport whatever its working directory
                Path file = Path.of(secretFile.strip()).toAbsolutePath();
                if (!Files.isReadable(file)) {
                    throw new ChatException("cannot read the secret file " + TerminalText.escape(file.toString()));
                }
                props.put("secret.file", file.toString());
                props.remove("secret");
            }
            c.updateIfDifferent(props);
            target("(" + Transport.NAME + "=" + JGROUPS_NAME + ")");
            return "switching to transport " + JGROUPS_NAME + " (JGroups over TCP, "
                    + (props.get("gossip.router") != null ? "GossipRouter " + listed(props.get("gossip.router"))
                            : "hosts " + listed(props.get("hosts")))
                    + "); rooms stay joined";
        } catch (IOException e) {
            throw new ChatException("cannot configure the JGroups transport: " + e.getMessage(), e);
        }
    }

    /** A list setting as shown: a plain String as this command and .cfg files write it, or a String[]. */
    private static String listed(Object value) {
        return value instanceof String[] items ? String.join(",", items) : TerminalText.escape(String.valueOf(value));
    }

    private void target(String filter) {
        try {
            Configuration engine = configurations.getConfiguration(ENGINE_PID, "?");
            Dictionary<String, Object> props = engine.getProperties() == null ? new Hashtable<>() : engine.getProperties();
            props.put("transport.target", filter);
            engine.updateIfDifferent(props);
        } catch (IOException e) {
            throw new ChatException("cannot change the engine's transport: " + e.getMessage(), e);
        }
    }

    private Configuration existing(String name) {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(&(service.factoryPid=" + JGROUPS_PID + ")(" + Transport.NAME + "=" + name + "))");
            return found == null ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            return null;
        }
    }

    private String list() {
        List<ServiceReference<Transport>> refs;
        try {
            refs = new ArrayList<>(context.getServiceReferences(Transport.class, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs.isEmpty()) {
            return "no transport: configure one (load/org.huddle.transport.multicast-<name>.cfg) or chat:transport jgroups --hosts …";
        }
        refs.sort(Comparator.<ServiceReference<Transport>>naturalOrder().reversed());
        Set<String> inUse = chat.stats().transports().stream().map(TransportStats::name).collect(Collectors.toSet());
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        for (ServiceReference<Transport> r : refs) {
            String name = String.valueOf(r.getProperty(Transport.NAME));
            Object ranking = r.getProperty(Constants.SERVICE_RANKING);
            lines.add((inUse.contains(name) ? "* " : "  ") + TerminalText.escape(name) + "  "
                    + TerminalText.escape(String.valueOf(r.getProperty(Transport.KIND))) + "  ranking "
                    + (ranking == null ? 0 : ranking) + "  " + (inUse.contains(name) ? "in use" : "not in use"));
        }
        return lines.toString();
    }
}
