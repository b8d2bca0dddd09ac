package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.huddle.itests.Await;
import org.huddle.itests.Environment;
import org.huddle.itests.host.Curl;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.TestFiles;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Who may open a node's page once its HTTP server listens on the LAN: with the token the node made itself nobody
 * but loopback (a request from another host gets 403 and what to do, even with that token), with a configured
 * token whoever presents it, from anywhere.
 * Both settings are changed in the running node's {@code load/} files, as an operator would. The requests
 * come from the other host of a namespace LAN, by {@code curl} run there.
 */
public class WebAccessIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static final String TOKEN = "correct horse battery";

    private static DistributionNode alice;

    @BeforeClass
    public static void startNode() throws IOException {
        Environment.require("needs curl on the PATH", Curl.available());
        alice = testbed.startNode(1, "alice");
        testbed.awaitNodesReady();
    }

    @Test
    public void onTheLanThePageAnswersOnlyThoseWhoPresentTheToken() throws IOException {
        Path load = alice.home().resolve("load");
        TestFiles.setCfg(load.resolve("org.apache.felix.http.cfg"), Map.of("org.apache.felix.http.host", "0.0.0.0"));
        String lan = "http://" + testbed.address(1) + ":8480/huddle/";
        String loopback = "http://127.0.0.1:8480/huddle/";

        Curl.Reply refused = awaitStatus(2, lan + "api/state", 403, "the page to listen on the LAN and refuse host 2");
        assertTrue(refused.body(), refused.body().startsWith("{\"error\":\"this page answers on " + testbed.address(1)
                + " only with an access token: set '.token' in the configuration org.huddle.web"));
        String own = Files.readString(alice.home().resolve("data/web.token")).strip();
        assertEquals("on its own loopback the page answers the node's own token", 200,
                curl(1, loopback + "api/state", "-H", "Authorization: Bearer " + own).status());
        assertEquals("and nobody without it", 401, curl(1, loopback + "api/state").status());
        assertEquals("the node's own token opens no other address", 403,
                curl(2, lan + "api/state", "-H", "Authorization: Bearer " + own).status());

        TestFiles.setCfg(load.resolve("org.huddle.web.cfg"), Map.of(".token", TOKEN));
        Curl.Reply unauthorized = awaitStatus(2, lan + "api/state", 401, "the token to be asked for");
        assertTrue(unauthorized.body(), unauthorized.body().contains("needs its access token"));
        assertEquals("a wrong token is refused", 401,
                curl(2, lan + "api/state", "-H", "Authorization: Bearer " + TOKEN + "x").status());
        Curl.Reply bearer = curl(2, lan + "api/state", "-H", "Authorization: Bearer " + TOKEN);
        assertEquals(bearer.body(), 200, bearer.status());
        assertTrue(bearer.body(), bearer.body().contains("\"handle\":\"alice\""));

        Curl.Reply opened = curl(2, lan + "?token=" + TOKEN.replace(" ", "%20"), "-i");
        assertEquals(opened.body(), 302, opened.status());
        assertTrue("the page keeps the token in a strict cookie: " + opened.body(), opened.body()
                .contains("Set-Cookie: huddle-token=correct+horse+battery; Path=/huddle; HttpOnly; SameSite=Strict"));
        assertTrue("and sends the browser to the page without it in the address: " + opened.body(),
                opened.body().contains("Location: http://" + testbed.address(1) + ":8480/huddle/\r\n"));
        assertEquals("the cookie is a token", 200,
                curl(2, lan + "api/state", "-H", "Cookie: huddle-token=correct+horse+battery").status());
        assertEquals("with a token set, loopback presents it too", 401, curl(1, loopback + "api/state").status());
        assertEquals("the configured token replaces the node's own", 401,
                curl(1, loopback + "api/state", "-H", "Authorization: Bearer " + own).status());
    }

    private static Curl.Reply awaitStatus(int host, String url, int status, String what) {
        return testbed.withOutputs(() -> Await.value(LanTestbed.EXCHANGE, () -> {
            Curl.Reply r = curl(host, url);
            return r.status() == status ? r : null;
        }, what));
    }

    private static Curl.Reply curl(int host, String url, String... options) {
        return Curl.fetch(testbed.lan().hostCommandPrefix(host), url, options);
    }
}
