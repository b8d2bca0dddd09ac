package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.huddle.itests.Await;
import org.huddle.itests.Environment;
import org.huddle.itests.host.Curl;
import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Another user of the same machine and the node's page: the distribution as shipped, started by root on a host of
 * a namespace LAN, with an encrypted room joined from a {@code load/} file. A second local user ({@code nobody},
 * by {@code setpriv}) reaches the page on loopback as any process can, but without the token it neither reads
 * the room's history nor speaks as the node; it cannot read the token file, nor anything the node keeps (the
 * passphrase that Config Admin copies into {@code felix-cache}). The owner, with the token that the launcher
 * created and {@code bin/huddle --help} prints, gets in.
 *
 * <p>Needs root (namespaces, setpriv), curl and setpriv; skipped otherwise.
 */
public class WebLocalUserIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(1);

    private static final String PAGE = "http://127.0.0.1:8480/huddle/";
    private static final String ROOM = "vault";
    private static final String PASSPHRASE = "correct-horse-battery-staple";
    private static final String SAID = "the combination is 42";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static DistributionNode alice;

    @BeforeClass
    public static void startNode() throws IOException {
        Environment.require("needs curl and setpriv on the PATH", Curl.available()
                && Files.isExecutable(Path.of("/usr/bin/setpriv")));
        alice = testbed.startNodeWith(1, "alice",
                Map.of("org.huddle.room-" + ROOM + ".cfg", Map.of("room", ROOM, "passphrase", PASSPHRASE)));
        // as an installation in /opt would be: other users may look into the directory (a temporary one may not)
        Files.setPosixFilePermissions(alice.home(), PosixFilePermissions.fromString("rwxr-xr-x"));
        testbed.awaitNodesReady();
        testbed.withOutputs(() -> {
            Await.until(LanTestbed.EXCHANGE, () -> alice.ask("chat:room " + ROOM,
                    l -> l.startsWith("current room is now") || l.startsWith("error:"), LanTestbed.EXCHANGE)
                    .startsWith("current room is now"), "the room of the load/ file to be joined");
            return null;
        });
        alice.send("chat:say " + SAID);
    }

    @Test
    public void anotherLocalUserNeitherReadsTheRoomNorSpeaksAsTheNode() {
        Curl.Reply history = asNobody(PAGE + "api/history?room=" + ROOM);
        assertEquals("nobody reads the encrypted room's history: " + history.body(), 401, history.status());
        assertFalse(history.body(), history.body().contains(SAID));
        assertTrue(history.body(), history.body().contains("needs its access token"));
        Curl.Reply said = asNobody(PAGE + "api/say", "-H", "Content-Type: application/json",
                "--data", "{\"room\":\"" + ROOM + "\",\"text\":\"from nobody\"}");
        assertEquals("nobody speaks as the node: " + said.body(), 401, said.status());
        assertEquals(401, asNobody(PAGE + "api/events").status());
        assertEquals("a guessed token is refused", 401,
                asNobody(PAGE + "api/state", "-H", "Authorization: Bearer guessed").status());
        assertTrue(alice.history(ROOM, 100, LanTestbed.EXCHANGE).stream().noneMatch(l -> l.contains("from nobody")));
    }

    @Test
    public void theOwnerGetsInWithTheTokenThatTheLauncherMadeAndPrints() throws Exception {
        Path tokenFile = alice.home().resolve("data/web.token");
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        assertTrue("a long random token: " + token, token.matches("[A-Za-z0-9_-]{43,}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile.getParent())));
        assertNotEquals("nobody cannot read the token file", 0, asNobodyRun("cat", tokenFile.toString()));

        Process help = new ProcessBuilder(alice.home().resolve("bin/huddle").toString(), "--help")
                .redirectErrorStream(true).start();
        String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(10, TimeUnit.SECONDS));
        assertTrue("--help prints the page's address with the token: " + usage,
                usage.contains("http://127.0.0.1:8480/huddle/?token=" + token));

        Curl.Reply history = curl(PAGE + "api/history?room=" + ROOM, "-H", "Authorization: Bearer " + token);
        assertEquals(history.body(), 200, history.status());
        assertTrue(history.body(), history.body().contains(SAID));
        Curl.Reply opened = curl(PAGE + "?token=" + token, "-i");
        assertEquals(opened.body(), 302, opened.status());
        assertTrue(opened.body(), opened.body().contains("Set-Cookie: huddle-token=" + token
                + "; Path=/huddle; HttpOnly; SameSite=Strict"));
        assertEquals("without the token, loopback is refused too", 401, curl(PAGE + "api/state").status());
    }

    @Test
    public void nothingTheNodeWritesIsReadableByOthers() throws IOException {
        List<String> open = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        for (String dir : List.of("felix-cache", "data")) {
            if (!Files.exists(alice.home().resolve(dir))) {
                continue; // data/: the token's test says whether there is one
            }
            try (Stream<Path> tree = Files.walk(alice.home().resolve(dir))) {
                for (Path p : tree.toList()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.stream().anyMatch(OTHERS::contains)) {
                        open.add(PosixFilePermissions.toString(perms) + " " + alice.home().relativize(p));
                    }
                    if (Files.isRegularFile(p) && Files.size(p) < 1_000_000
                            && new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(PASSPHRASE)) {
                        copies.add(p);
                    }
                }
            }
        }
        assertTrue("Config Admin keeps a copy of the passphrase in felix-cache: " + copies, !copies.isEmpty());
        assertTrue(open.size() + " files and directories that group or others may use, such as "
                + open.subList(0, Math.min(12, open.size())), open.isEmpty());
        for (Path copy : copies) {
            assertNotEquals("nobody cannot read " + copy, 0, asNobodyRun("cat", copy.toString()));
        }
    }

    private static String[] nobody(String... command) {
        List<String> all = new ArrayList<>(List.of(testbed.lan().hostCommandPrefix(1)));
        all.addAll(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private static Curl.Reply asNobody(String url, String... options) {
        return Curl.fetch(nobody(), url, options);
    }

    private static Curl.Reply curl(String url, String... options) {
        return Curl.fetch(testbed.lan().hostCommandPrefix(1), url, options);
    }

    /** @return the exit status of a command run as nobody on the node's host */
    private static int asNobodyRun(String... command) throws IOException {
        Process p = new ProcessBuilder(nobody(command)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return p.exitValue();
    }
}
