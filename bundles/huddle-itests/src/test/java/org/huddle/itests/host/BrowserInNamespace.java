package org.huddle.itests.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.huddle.itests.Await;
import org.huddle.itests.FreePorts;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A headless Chromium that runs on one host of a {@link NamespaceLan}, so that it reaches that host's loopback
 * (where a node's web page listens) and nothing else: no request of the browser's own ever leaves the
 * namespace. Its ChromeDriver runs there too, and this test JVM, outside, talks to it through {@code socat}:
 * a listener on this machine's loopback that runs {@code ip netns exec <host> socat STDIO TCP:127.0.0.1:<port>}
 * for each connection. Debian's {@code chromium}, {@code chromium-driver} and {@code socat} provide the
 * programs.
 */
public final class BrowserInNamespace implements AutoCloseable {

    /** What the test needs on the PATH. */
    public static final List<String> PROGRAMS = List.of("chromium", "chromedriver", "socat");

    private static final Duration READY = Duration.ofSeconds(30);
    /** ChromeDriver's port inside the namespace (its own loopback, so no clash with anything outside). */
    private static final int DRIVER_PORT = 9515;

    private final PipedProcess driver;
    private final PipedProcess relay;
    private final Path profile;
    private final RemoteWebDriver browser;

    private BrowserInNamespace(PipedProcess driver, PipedProcess relay, Path profile, RemoteWebDriver browser) {
        this.driver = driver;
        this.relay = relay;
        this.profile = profile;
        this.browser = browser;
    }

    /** @return the first of {@link #PROGRAMS} not found on the PATH, if any */
    public static Optional<String> missingProgram() {
        return PROGRAMS.stream().filter(p -> !SystemCommand.onPath(p)).findFirst();
    }

    /**
     * @param lan    the LAN
     * @param host   the host to run on (1 for the first)
     * @param width  the window's width in CSS pixels (a phone is about 412)
     * @param height its height
     */
    public static BrowserInNamespace start(NamespaceLan lan, int host, int width, int height) throws IOException {
        String namespace = lan.hostNamespace(host);
        PipedProcess driver = PipedProcess.start(new ProcessBuilder("ip", "netns", "exec", namespace, "chromedriver",
                "--port=" + DRIVER_PORT).redirectErrorStream(true), "chromedriver on " + namespace);
        PipedProcess relay = null;
        Path profile = null;
        try {
            driver.stdout().awaitLineAfter(0, l -> l.contains("started successfully"), READY);
            int port = FreePorts.tcp();
            relay = PipedProcess.start(new ProcessBuilder("socat",
                    "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                    "EXEC:ip netns exec " + namespace + " socat STDIO TCP\\:127.0.0.1\\:" + DRIVER_PORT)
                    .redirectErrorStream(true), "socat to " + namespace);
            awaitListening(port);
            profile = Files.createTempDirectory("huddle-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--lang=en-US");
            RemoteWebDriver browser = new RemoteWebDriver(new URL("http://127.0.0.1:" + port), options);
            return new BrowserInNamespace(driver, relay, profile, browser);
        } catch (IOException | RuntimeException | Error e) {
            if (relay != null) {
                relay.kill(Duration.ofSeconds(2));
            }
            driver.kill(Duration.ofSeconds(2));
            if (profile != null) {
                TestFiles.deleteTree(profile);
            }
            throw e;
        }
    }

    /** @return the browser, to drive */
    public RemoteWebDriver browser() {
        return browser;
    }

    /** @return what ChromeDriver and the relay printed, for a failure message */
    public String report() {
        return driver.report() + "\n" + relay.report();
    }

    private static void awaitListening(int port) {
        Await.until(READY, () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException notYet) {
                throw new UncheckedIOException(notYet);
            }
        }, "socat to listen on 127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } catch (RuntimeException e) {
            // the driver may be gone already; killing it below ends the browser too
        }
        relay.kill(Duration.ofSeconds(2));
        driver.kill(Duration.ofSeconds(5));
        TestFiles.deleteTree(profile);
    }
}
