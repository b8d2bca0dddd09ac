package org.huddle.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.propagateSystemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.cm.ConfigurationAdminOptions.factoryConfiguration;
import static org.ops4j.pax.exam.cm.ConfigurationAdminOptions.newConfiguration;

import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.ops4j.pax.exam.Constants;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * What every Huddle integration test container has: the runtime (SCR, ConfigAdmin, Metatype, Log, Gogo,
 * Jackson), the Huddle bundles freshly built in this reactor, and one multicast transport pinned to the
 * loopback interface. Tests never send on a real interface.
 *
 * <p>Each container's transport is on a UDP port free when the container is configured ({@link FreePorts}), so
 * that two test classes, two builds at once or anything else on the machine never hear each other. The driver
 * chooses the port in {@code @Configuration} and hands it to the container as a system property ({@link #passPort});
 * the test reads it there ({@link #transportPort()}, {@link #port(String)}). Never from a static initialiser: the
 * forked container loads the test class again, where a port chosen there would be another one.
 */
public abstract class HuddleTestSupport {

    /** Factory PID of the multicast transport. */
    public static final String TRANSPORT_PID = "org.huddle.transport.multicast";

    /** PID of the engine. */
    public static final String ENGINE_PID = "org.huddle.engine";

    /** The group the test transport uses (the native IPv4 default, named here so raw peers can join it). */
    public static final String GROUP = "239.255.72.68";

    /** The loopback interface: the only one tests may send on. */
    public static final String LOOPBACK = "lo";

    /** The handle of the engine in the test container. */
    public static final String HANDLE = "alice";

    /**
     * The system property in which failsafe names the framework each execution must run on, as the system
     * bundle's symbolic name: {@code org.apache.felix.framework} or {@code org.eclipse.osgi} (see the pom).
     */
    public static final String FRAMEWORK_PROPERTY = "huddle.framework";

    /** The prefix of the system properties with the ports the driver chose, see {@link #passPort}. */
    public static final String PORT_PROPERTY = "huddle.it.port.";

    /** How long to wait for anything that should happen "at once" on loopback. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The Huddle bundles, in the order they are installed. */
    protected static final String[] HUDDLE_BUNDLES = { "huddle-api", "huddle-codec-json",
            "huddle-transport-multicast", "huddle-engine", "huddle-shell" };

    /** The runtime the Huddle bundles need (file names in target/it-bundles, versions stripped). */
    private static final String[] RUNTIME_BUNDLES = { "org.osgi.util.function", "org.osgi.util.promise",
            "org.osgi.service.component", "org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.log", "org.apache.felix.gogo.runtime",
            "org.apache.felix.gogo.command", "jline", "jackson-annotations", "jackson-core", "jackson-databind",
            "bcprov-jdk18on" };

    /** The HTTP server the web front end needs (file names in target/it-bundles, versions stripped). */
    private static final String[] HTTP_BUNDLES = { "slf4j-api", "slf4j-simple", "org.apache.felix.http.servlet-api",
            "org.apache.felix.http.wrappers", "org.apache.felix.http.jetty" };

    /**
     * Huddle bundles start one level after the runtime, so that ConfigAdmin holds the test configurations
     * (written at start level 1 by pax-exam-cm) before any Huddle component activates.
     */
    private static final int HUDDLE_START_LEVEL = Constants.START_LEVEL_DEFAULT_PROVISION + 1;

    @Inject
    protected BundleContext bundleContext;

    /**
     * The container every test class starts from, its transport on a UDP port free now.
     *
     * @return the options
     */
    public static Option baseConfiguration() {
        return baseConfiguration(FreePorts.udp());
    }

    /**
     * The container every test class starts from.
     *
     * @param port the UDP port of this test class's transport, from {@link FreePorts} (never the native 7446);
     *             in the container {@link #transportPort()}
     * @return the options
     */
    public static Option baseConfiguration(int port) {
        return composite(
                passPort("transport", port),
                junitBundles(),
                composite(Stream.of(RUNTIME_BUNDLES).map(HuddleTestSupport::itBundle).toArray(Option[]::new)),
                composite(Stream.of(HUDDLE_BUNDLES)
                        .map(name -> itBundle(name).startLevel(HUDDLE_START_LEVEL)).toArray(Option[]::new)),
                factoryConfiguration(TRANSPORT_PID)
                        .put("huddle.transport.name", "default")
                        .put("interfaces", new String[] { LOOPBACK })
                        .put("groups", new String[] { GROUP })
                        .put("port", port)
                        .asOption(),
                newConfiguration(ENGINE_PID)
                        .put("handle", HANDLE)
                        .asOption(),
                // Tests that start the distribution as a second node find it through this property.
                propagateSystemProperty("huddle.distribution"),
                // ContainerIT checks that the container runs the framework the failsafe execution meant.
                propagateSystemProperty(FRAMEWORK_PROPERTY),
                // pax-logging's fallback logger prints at DEBUG by default, burying the test's own output.
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO"));
    }

    /**
     * The web front end on top of {@link #baseConfiguration}: Felix HTTP (Jetty) on loopback only, on a TCP port
     * free now ({@link #httpPort()} in the container), and huddle-web.
     *
     * @return the options
     */
    public static Option webConfiguration() {
        int httpPort = FreePorts.tcp();
        return composite(
                passPort("http", httpPort),
                composite(Stream.of(HTTP_BUNDLES).map(HuddleTestSupport::itBundle).toArray(Option[]::new)),
                itBundle("huddle-web").startLevel(HUDDLE_START_LEVEL),
                frameworkProperty("org.osgi.service.http.port").value(String.valueOf(httpPort)),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
    }

    /**
     * The JGroups transport (with JGroups wrapped as a bundle) and the bridge, on top of {@link #baseConfiguration};
     * no instance is configured.
     *
     * @return the options
     */
    public static Option jgroupsConfiguration() {
        return composite(itBundle("huddle-jgroups-osgi"),
                itBundle("huddle-transport-jgroups").startLevel(HUDDLE_START_LEVEL),
                itBundle("huddle-bridge").startLevel(HUDDLE_START_LEVEL));
    }

    /**
     * Hands a port the driver chose to the container, where {@link #port(String)} reads it.
     *
     * @param name what the port is for, for example {@code moved}
     * @param port the port, from {@link FreePorts}
     * @return the option: system property {@value #PORT_PROPERTY}{@code <name>} of the container
     */
    public static Option passPort(String name, int port) {
        return systemProperty(PORT_PROPERTY + name).value(Integer.toString(port));
    }

    /**
     * @param name what the port is for, as passed to {@link #passPort}
     * @return the port the driver chose; only in the container (in a test method, {@code @Before}, ...)
     * @throws AssertionError when the driver passed none by that name
     */
    public static int port(String name) {
        String port = System.getProperty(PORT_PROPERTY + name);
        if (port == null) {
            throw new AssertionError("system property " + PORT_PROPERTY + name + " is not set: the test class's"
                    + " @Configuration passes it (HuddleTestSupport.passPort), and the port is read in the container");
        }
        return Integer.parseInt(port);
    }

    /** @return the UDP port of the container's transport, as the driver chose it in {@link #baseConfiguration} */
    public static int transportPort() {
        return port("transport");
    }

    /** @return the web front end's HTTP port, as the driver chose it in {@link #webConfiguration()} */
    public static int httpPort() {
        return port("http");
    }

    private static org.ops4j.pax.exam.options.UrlProvisionOption itBundle(String name) {
        File file = new File(itBundles(), name + ".jar");
        if (!file.isFile()) {
            throw new IllegalStateException(file + " is missing: run the tests with mvn verify, which copies the"
                    + " bundles there (maven-dependency-plugin, execution copy-it-bundles)");
        }
        return org.ops4j.pax.exam.CoreOptions.bundle(file.toURI().toString());
    }

    private static File itBundles() {
        return new File(System.getProperty("huddle.itbundles", "target/it-bundles"));
    }

    /**
     * Finds an installed Huddle bundle. (Not by location: the forked container installs its own copies.)
     *
     * @param artifactId for example {@code huddle-transport-multicast}, whose symbolic name is
     *                   {@code org.huddle.transport.multicast}
     * @return the bundle
     */
    protected Bundle installedBundle(String artifactId) {
        String symbolicName = "org." + artifactId.replace('-', '.');
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + symbolicName + " installed"));
    }

    /**
     * @param type a service interface
     * @param <T>  its type
     * @return the highest-ranked service of that type now, or {@code null} when there is none
     */
    protected <T> T service(Class<T> type) {
        ServiceReference<T> ref = bundleContext.getServiceReference(type);
        return ref == null ? null : bundleContext.getService(ref);
    }

    /**
     * @param type a service interface
     * @param <T>  its type
     * @return the service, once there is one
     */
    protected <T> T awaitService(Class<T> type) {
        return Await.value(TIMEOUT, () -> service(type), "a " + type.getSimpleName() + " service");
    }
}
