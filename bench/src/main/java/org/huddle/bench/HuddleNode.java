package org.huddle.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.huddle.api.ChatListener;
import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.api.ChatStats;
import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A whole Huddle node: the distribution's own bundles (transport, codec, engine, SCR, Config Admin, Log)
 * in an embedded Felix, configured through Config Admin as {@code load/*.cfg} would configure them, so
 * the benchmark measures what users run, Declarative Services wiring included. Only the front ends (console,
 * web page) are left out: the harness is the front end, a {@link ChatListener} on the whiteboard. The system bundle exports
 * {@code org.huddle.api} from the harness' class path, so harness and engine share the API classes.
 *
 * <p>How it is set up is a {@link Setup}: {@code huddle} differs from the distribution where the comparison
 * with raw multicast and JGroups asks for it (one IPv4 group, history in memory, flood control out of the way);
 * {@code huddle-dist} is the distribution's defaults; {@code huddle-jgroups} is the engine on its own JGroups
 * transport, set up as docs/deploy.md tells a user to. Every transport is pinned to the member's interface
 * ({@link MemberNet}: {@code lo}, or its veth on the LAN), as a member is on a LAN with one link.
 */
final class HuddleNode implements Member {

    static final String GROUP = "239.255.72.97";
    static final int PORT = 7497;
    static final String ROOM = "bench";
    static final String PASSPHRASE = "correct horse battery staple bench";
    private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Framework framework;
    private final Path storage;
    private final ChatService chat;
    private final String room;
    private final long joinedAt;

    private HuddleNode(Framework framework, Path storage, ChatService chat, String room, long joinedAt) {
        this.framework = framework;
        this.storage = storage;
        this.chat = chat;
        this.room = room;
        this.joinedAt = joinedAt;
    }

    /** The distribution's bundles that bench/run builds, or others (-Dhuddle.bundles). */
    static final String BUNDLES = System.getProperty("huddle.bundles", "distribution/target/huddle/bundle");

    /**
     * How a node is set up, besides its bundles.
     *
     * <ul>
     * <li>{@code BENCH}: the transport on one IPv4 group (raw multicast and JGroups send one datagram per message
     * too; the default channel adds an IPv6 copy); history in memory and not synchronised on joining (no disk in
     * the measurement); flood control far above the rates sent, because on loopback every member shares the
     * source address 127.0.0.1 and the per-host limit (1,000/s) would throttle the benchmark itself (its check
     * still runs for every datagram).
     * <li>{@code DIST}: the distribution's {@code load/*.cfg} as shipped: history on disk (in the node's framework
     * storage, a temporary directory) and synchronised on joining, the dual-stack default channel (239.255.72.68
     * and ff02::4844, port 7446), interfaces rescanned, flood control at its shipped limits.
     * <li>{@code JGROUPS}: the engine as {@code BENCH}, so that it compares with {@code huddle} and raw JGroups
     * by its transport alone (the shipped flood limits cap a sender at about 1,000 datagrams a second at every
     * receiver, which {@code DIST} shows), on the JGroups transport as docs/deploy.md sets it up for a LAN: a
     * cluster secret file, the members' addresses as initial hosts (TCPPING), bound to the member's address,
     * the engine's transport target on it; no multicast transport instance.
     * </ul>
     */
    enum Setup { BENCH, DIST, JGROUPS }

    static Member start(int id, int members, Delivery delivery, boolean sealed, String bundles) throws Exception {
        return start(id, members, delivery, sealed, bundles, Setup.BENCH);
    }

    static Member start(int id, int members, Delivery delivery, boolean sealed, String bundles, Setup setup)
            throws Exception {
        Path storage = Files.createTempDirectory("huddle-bench-node");
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExports());
        props.put("felix.log.level", "1");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (File jar : bundles(bundles)) {
            installed.add(context.installBundle(jar.toURI().toString()));
        }
        List<Bundle> huddle = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getSymbolicName().startsWith("org.huddle.")) {
                huddle.add(b); // started once configured, so they never run on defaults
            } else if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        configure(context, id, setup);
        for (Bundle b : huddle) {
            b.start();
        }
        context.registerService(ChatListener.class, new ChatListener() {
            @Override
            public void message(ChatMessage message) {
                if (!message.local()) {
                    byte[] text = message.content().getBytes(StandardCharsets.ISO_8859_1);
                    delivery.delivered(text, 0, text.length);
                }
            }
        }, null);
        ServiceTracker<ChatService, ChatService> tracker = new ServiceTracker<>(context, ChatService.class, null);
        tracker.open();
        ChatService chat = tracker.waitForService(TimeUnit.NANOSECONDS.toMillis(START_DEADLINE_NANOS));
        if (chat == null) {
            framework.stop();
            throw new IllegalStateException("no ChatService within 30 s");
        }
        String room = sealed ? ROOM + "-sealed" : ROOM;
        long joinedAt = System.nanoTime();
        chat.join(room, sealed ? new JoinOptions(Wire.HUDDLE, List.of(), 0, PASSPHRASE) : JoinOptions.DEFAULT);
        return new HuddleNode(framework, storage, chat, room, joinedAt);
    }

    /**
     * The distribution's bundles, but the front ends (console, web page and its HTTP server: the harness is
     * the front end) and the API (exported by the system bundle).
     */
    private static List<File> bundles(String directory) {
        File dir = new File(directory);
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar") && !name.startsWith("huddle-api-")
                && !name.startsWith("huddle-shell-") && !name.startsWith("huddle-console-") && !name.contains("gogo") && !name.startsWith("jline-")
                && !name.contains("fileinstall") && !name.startsWith("huddle-web-") && !name.contains(".http.")
                && !name.startsWith("slf4j-"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dir.getAbsolutePath() + ": build the distribution first");
        }
        return List.of(jars);
    }

    /** The huddle-api jar's own Export-Package, so versions and uses constraints are the bundle's. */
    private static String apiExports() throws Exception {
        Path jar = Path.of(ChatService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
    }

    /** Config Admin lives in its bundle, so it is called by reflection on its public interfaces. */
    private static void configure(BundleContext context, int id, Setup setup) throws Exception {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        Object admin = context.getService(ref);
        Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        Method update = configType.getMethod("update", Dictionary.class);
        Method single = adminType.getMethod("getConfiguration", String.class, String.class);
        Method factory = adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
        MemberNet net = MemberNet.current();

        Dictionary<String, Object> engine = new Hashtable<>();
        engine.put("handle", "node" + id);
        if (setup != Setup.DIST) {
            engine.put("history.persist", false);
            engine.put("history.sync", 0);
            engine.put("flood.rate", 100_000_000);
            engine.put("flood.burst", 100_000_000);
        }
        // -Dhuddle.pace=false (BENCH_JVM_FLAGS) measures the pipeline without flow control, for comparison
        engine.put("delivery.pace", Boolean.parseBoolean(System.getProperty("huddle.pace", "true")));
        if (setup == Setup.JGROUPS) {
            engine.put("transport.target", "(huddle.transport.name=jgroups)");
        }
        update.invoke(single.invoke(admin, "org.huddle.engine", "?"), engine);

        Dictionary<String, Object> transport = new Hashtable<>();
        if (setup == Setup.JGROUPS) {
            transport.put("huddle.transport.name", "jgroups");
            transport.put("cluster", "huddle-bench");
            transport.put("secret.file", System.getProperty(MemberNet.SECRET_FILE, "missing: set -D" + MemberNet.SECRET_FILE));
            transport.put("hosts", net.all().toArray(String[]::new));
            transport.put("bind.address", net.address());
            update.invoke(factory.invoke(admin, "org.huddle.transport.jgroups", "bench", "?"), transport);
            return;
        }
        transport.put("huddle.transport.name", "default");
        transport.put("interfaces", new String[] { net.interfaceName() });
        if (setup == Setup.BENCH) {
            transport.put("interfaces.rescan", 0);
            transport.put("groups", new String[] { GROUP });
            transport.put("port", PORT);
        }
        update.invoke(factory.invoke(admin, "org.huddle.transport.multicast", "default", "?"), transport);
    }

    @Override
    public void send(byte[] payload) {
        chat.say(room, new String(payload, StandardCharsets.ISO_8859_1));
    }

    @Override
    public String stats() {
        ChatStats s = chat.stats();
        return "sent=" + s.sent() + " received=" + s.received() + " delivered=" + s.delivered() + " own=" + s.own()
                + " duplicates=" + s.duplicates() + " dropped=" + s.dropped() + " delivery=" + s.delivery()
                + " transports=" + s.transports();
    }

    @Override
    public long joinedAt() {
        return joinedAt;
    }

    @Override
    public int peers() {
        return (int) chat.peers().stream().map(p -> p.id()).distinct().count();
    }

    @Override
    public boolean hasMembership() {
        return true;
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
