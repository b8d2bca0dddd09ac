package org.huddle.itests.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * JGroups' GossipRouter, started as the deploy guide tells a user to: {@code java -cp
 * bundle/huddle-jgroups-osgi-<version>.jar org.jgroups.stack.GossipRouter -port <port> -bind_addr <address>}, from
 * the distribution, on a host of a {@link NamespaceLan}.
 */
public final class GossipRouterProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(30);

    private final PipedProcess process;

    private GossipRouterProcess(PipedProcess process) {
        this.process = process;
    }

    /**
     * @param hostPrefix {@link NamespaceLan#hostCommandPrefix(int)} of the host to run on
     * @return the router, once it listens
     */
    public static GossipRouterProcess start(String[] hostPrefix, String address, int port) throws IOException {
        Path jar;
        try (Stream<Path> bundles = Files.list(DistributionNode.distribution().resolve("bundle"))) {
            jar = bundles.filter(p -> p.getFileName().toString().startsWith("huddle-jgroups-osgi-")).findFirst()
                    .orElseThrow(() -> new IOException("no huddle-jgroups-osgi jar in the distribution's bundle/"));
        }
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(hostPrefix), Stream.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
                "org.jgroups.stack.GossipRouter", "-port", String.valueOf(port), "-bind_addr", address))
                .toArray(String[]::new)).redirectErrorStream(true);
        GossipRouterProcess router = new GossipRouterProcess(PipedProcess.start(builder, "GossipRouter"));
        try {
            router.process.stdout().awaitLineAfter(0, l -> l.startsWith("GossipRouter started"), START);
        } catch (AssertionError e) {
            router.close();
            throw e;
        }
        return router;
    }

    /** @return what it printed */
    public String report() {
        return process.report();
    }

    @Override
    public void close() {
        process.kill(Duration.ofSeconds(5));
    }
}
