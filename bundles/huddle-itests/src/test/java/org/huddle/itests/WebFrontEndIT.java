package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.huddle.api.ChatService;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The web front end in a real Felix with Felix HTTP (Jetty) on loopback: the page and its actions drive the
 * engine, what is said reaches the page's event stream, bad requests get a 4xx with a JSON error, and the web
 * and shell front ends can be stopped and started in any order while the engine and its rooms carry on. Without
 * the launcher the page makes its token in its bundle's data area, which the tests read as its owner would;
 * without the token nothing is answered, and requests from other sites never take one of the event streams.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebFrontEndIT extends HuddleTestSupport {

    private static final String ROOM = "web-lobby";

    @Inject
    private ChatService chat;

    @Inject
    private CommandProcessor processor;

    private static final int MAX_STREAMS = 16;

    private WebClient web;
    private String token;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration(), webConfiguration());
    }

    @Before
    public void pageIsUp() {
        Path file = installedBundle("huddle-web").getDataFile("web.token").toPath();
        token = Await.value(TIMEOUT, () -> {
            try {
                return Files.exists(file) ? Files.readString(file).strip() : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "the page's token in " + file);
        web = new WebClient(base(), token);
        awaitPage();
    }

    @After
    public void restoreFrontEnds() throws Exception {
        for (String name : List.of("huddle-web", "huddle-shell")) {
            if (installedBundle(name).getState() != Bundle.ACTIVE) {
                installedBundle(name).start();
            }
        }
    }

    /** @return where the page is, on the port the driver chose */
    private static String base() {
        return "http://127.0.0.1:" + httpPort() + "/huddle/";
    }

    private void awaitPage() {
        Await.until(TIMEOUT, () -> web.get("api/state").status() == 200, "the web front end to answer");
    }

    @Test
    public void thePageComesFromTheBundleWithAPolicyThatLoadsNothingElse() {
        WebClient.Reply page = web.get("");
        assertEquals(page.toString(), 200, page.status());
        assertTrue(page.contentType(), page.contentType().startsWith("text/html"));
        assertTrue(page.body(), page.body().contains("<script src=\"app.js\" defer></script>"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy, policy.contains("default-src 'none'") && policy.contains("script-src 'self'"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        for (String file : List.of("app.js", "app.css", "icon.svg")) {
            assertEquals(file, 200, web.get(file).status());
        }
        WebClient.Reply bare = new WebClient("http://127.0.0.1:" + httpPort() + "/huddle", token).get("");
        assertEquals(bare.toString(), 302, bare.status());
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/huddle/"));
        WebClient.Reply root = new WebClient("http://127.0.0.1:" + httpPort() + "/").get("");
        assertEquals("the server's root leads to the page: " + root, 302, root.status());
        assertTrue(root.toString(), root.headers().firstValue("Location").orElse("").endsWith("/huddle/"));
    }

    @Test
    public void actionsDriveTheEngineAndTheStreamShowsWhatIsSaid() throws Exception {
        chat.join("console-room");
        WebClient.Reply joined = web.post("api/join", "{\"room\":\"" + ROOM + "\"}");
        assertEquals(joined.toString(), 200, joined.status());
        assertEquals("joining on the page leaves the console's current room", Optional.of("console-room"),
                chat.currentRoom());
        assertTrue(joined.body(), joined.body().contains("\"name\":\"" + ROOM + "\"")
                && joined.body().contains("\"encrypted\":false"));
        assertTrue(chat.rooms().stream().anyMatch(r -> r.name().equals(ROOM)));

        try (WebClient.Events events = web.events()) {
            WebClient.Reply said = web.post("api/say", "{\"room\":\"" + ROOM + "\",\"text\":\"from the page\"}");
            assertEquals(said.toString(), 200, said.status());
            assertTrue(chat.history(ROOM, 5).stream().anyMatch(m -> m.content().equals("from the page")));
            events.awaitLine("\"text\":\"from the page\"", TIMEOUT, "the page's own message on its stream");

            chat.say(ROOM, "from the console <b>");
            String line = events.awaitLine("from the console", TIMEOUT, "a message said elsewhere on the page's stream");
            assertTrue(line, line.startsWith("data: {\"room\":\"" + ROOM + "\"") && line.contains("\"handle\":\"" + HANDLE + "\""));
        }
        String state = web.get("api/state").body();
        assertTrue(state, state.contains("\"handle\":\"" + HANDLE + "\"") && state.contains("\"name\":\"" + ROOM + "\""));
        String history = web.get("api/history?room=" + ROOM + "&limit=10").body();
        assertTrue(history, history.contains("from the page") && history.contains("from the console <b>"));

        WebClient.Reply encrypted = web.post("api/join", "{\"room\":\"web-secret\",\"passphrase\":\"open sesame\"}");
        assertTrue(encrypted.body(), encrypted.body().contains("\"encrypted\":true"));
        assertEquals(200, web.post("api/leave", "{\"room\":\"web-secret\"}").status());
    }

    @Test
    public void badRequestsGetA4xxWithAJsonError() {
        chat.join(ROOM);
        assertError(400, "malformed JSON", web.post("api/say", "{\"room\":"));
        assertError(400, "'text' is missing", web.post("api/say", "{\"room\":\"" + ROOM + "\"}"));
        assertError(400, "unknown field 'extra'",
                web.post("api/say", "{\"room\":\"" + ROOM + "\",\"text\":\"x\",\"extra\":1}"));
        assertError(400, "send a JSON object", web.post("api/say", ""));
        assertError(400, "not in room 'nowhere'", web.post("api/say", "{\"room\":\"nowhere\",\"text\":\"x\"}"));
        assertError(400, "room", web.post("api/join", "{\"room\":\"<script>\"}"));
        assertError(400, "handle", web.post("api/handle", "{\"handle\":\"\"}"));
        assertError(400, "limit 'abc' is not a number", web.get("api/history?room=" + ROOM + "&limit=abc"));
        assertError(404, "no action 'nothing'", web.get("api/nothing"));
        assertError(404, "nothing at /huddle/secret.txt", web.get("secret.txt"));
        assertError(405, "say needs POST", web.get("api/say"));
        assertError(415, "application/json", web.post("api/say", "application/x-www-form-urlencoded",
                "room=" + ROOM + "&text=x"));
        // Refused on its declared length, before the body is read. Written whole before the answer is read: a client
        // still writing 70 KB when the answer and the close come (java.net.http) may see a broken pipe instead.
        String body = "{\"room\":\"" + ROOM + "\",\"text\":\"" + "x".repeat(70_000) + "\"}";
        String tooLarge = WebClient.raw(httpPort(), "POST /huddle/api/say HTTP/1.1\r\nHost: 127.0.0.1:" + httpPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(tooLarge, tooLarge.startsWith("HTTP/1.1 413") && tooLarge.contains("{\"error\":\"the body is larger than"));
        assertError(403, "another site", web.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort() + "/huddle/api/say"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"" + ROOM + "\",\"text\":\"x\"}"))));
        String rebound = WebClient.raw(httpPort(), "GET /huddle/api/state HTTP/1.1\r\nHost: evil.example:" + httpPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        assertTrue(rebound, rebound.startsWith("HTTP/1.1 403") && rebound.contains("{\"error\":\"the host name 'evil.example:"));
        // none of it reached the room
        assertTrue(chat.history(ROOM, 1000).stream().noneMatch(m -> m.content().equals("x")));
    }

    @Test
    public void withoutItsTokenThePageAnswersNobodyNotEvenOnLoopback() throws IOException {
        Path file = installedBundle("huddle-web").getDataFile("web.token").toPath();
        assertTrue("a long random token: " + token, token.matches("[0-9a-f]{64}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        chat.join(ROOM);
        chat.say(ROOM, "not for strangers");
        WebClient stranger = new WebClient(base());
        assertError(401, "needs its access token", stranger.get("api/history?room=" + ROOM));
        assertError(401, "the token is in " + file, stranger.get("api/state"));
        assertError(401, "needs its access token", stranger.post("api/say", "{\"room\":\"" + ROOM + "\",\"text\":\"x\"}"));
        assertError(401, "needs its access token", stranger.get(""));
        assertEquals(401, WebClient.rawEvents(httpPort(), null).status());
        assertError(401, "needs its access token", new WebClient(base(), token + "0").get("api/state"));
        assertTrue(chat.history(ROOM, 1000).stream().noneMatch(m -> m.content().equals("x")));

        WebClient.Reply opened = stranger.get("?token=" + token);
        assertEquals(opened.toString(), 302, opened.status());
        assertEquals("huddle-token=" + token + "; Path=/huddle; HttpOnly; SameSite=Strict",
                opened.headers().firstValue("Set-Cookie").orElse(""));
        WebClient.Reply withCookie = stranger.send(HttpRequest.newBuilder(URI.create(base() + "api/history?room=" + ROOM))
                .header("Cookie", "huddle-token=" + token));
        assertTrue(withCookie.toString(), withCookie.status() == 200 && withCookie.body().contains("not for strangers"));
    }

    @Test
    public void requestsFromOtherSitesTakeNoStreamAndThePageStillFollows() throws Exception {
        chat.join(ROOM);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < MAX_STREAMS + 4; i++) {
            // what a script on another site makes a browser send: with the cookie never (SameSite=Strict), but
            // even a request that had the token is refused for where it comes from
            String[] from = i % 2 == 0 ? new String[] { "Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: cors" }
                    : new String[] { "Origin: http://evil.example" };
            try (WebClient.Stream s = WebClient.rawEvents(httpPort(), i % 4 < 2 ? token : null, from)) {
                answers.add(s.statusLine());
            }
        }
        assertTrue("every request from another site refused: " + answers,
                answers.stream().allMatch(a -> a.startsWith("HTTP/1.1 403")));
        assertEquals(403, WebClient.rawEvents(httpPort(), token, "Sec-Fetch-Site: same-site").status());
        try (WebClient.Events events = web.events()) {
            chat.say(ROOM, "still live");
            events.awaitLine("still live", TIMEOUT, "the page to follow live");
        }
    }

    @Test
    public void aPageThatWentAwayGivesItsStreamBackWithinSeconds() throws Exception {
        List<WebClient.Stream> streams = new ArrayList<>();
        try {
            Await.until(TIMEOUT, () -> {
                WebClient.Stream s = WebClient.rawEvents(httpPort(), token, "Sec-Fetch-Site: same-origin");
                if (s.status() == 200) {
                    streams.add(s);
                } else {
                    close(s);
                }
                return streams.size() == MAX_STREAMS;
            }, "every stream taken");
            assertEquals("the next page is told to come back later", 429,
                    WebClient.rawEvents(httpPort(), token).status());
        } finally {
            streams.forEach(WebFrontEndIT::close);
        }
        // the pages went away without a word: the server learns it at its next write
        long cut = System.nanoTime();
        Await.until(Duration.ofSeconds(5), () -> {
            try (WebClient.Stream s = WebClient.rawEvents(httpPort(), token)) {
                return s.status() == 200;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "a stream for a new page once the others went away");
        System.out.printf("a new page followed %d ms after %d pages went away%n",
                Duration.ofNanos(System.nanoTime() - cut).toMillis(), MAX_STREAMS);
    }

    private static void close(WebClient.Stream s) {
        try {
            s.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertError(int status, String text, WebClient.Reply reply) {
        assertEquals(reply.toString(), status, reply.status());
        assertTrue(reply.toString(), reply.contentType().startsWith("application/json"));
        assertTrue(reply.toString(), reply.body().startsWith("{\"error\":\"") && reply.body().contains(text));
    }

    @Test
    public void eitherFrontEndStopsAndStartsInAnyOrderWhileTheOtherAndTheRoomsCarryOn() throws Exception {
        chat.join(ROOM);
        Bundle webBundle = installedBundle("huddle-web");
        Bundle shellBundle = installedBundle("huddle-shell");
        try (GogoSession shell = new GogoSession(processor)) {
            for (List<Bundle> order : List.of(List.of(webBundle, shellBundle), List.of(shellBundle, webBundle))) {
                // stop one, then the other, then start them in the same order: each step, whatever front end
                // is running works, and the room and its history are still there
                for (Bundle b : order) {
                    b.stop();
                    assertFrontEnds(shell, webBundle, shellBundle);
                }
                for (Bundle b : order) {
                    b.start();
                    assertFrontEnds(shell, webBundle, shellBundle);
                }
            }
        }
    }

    private int round;

    private void assertFrontEnds(GogoSession shell, Bundle webBundle, Bundle shellBundle) throws Exception {
        String text = "round " + ++round;
        boolean webUp = webBundle.getState() == Bundle.ACTIVE;
        boolean shellUp = shellBundle.getState() == Bundle.ACTIVE;
        String state = "web " + (webUp ? "up" : "down") + ", shell " + (shellUp ? "up" : "down");
        if (webUp) {
            awaitPage();
            String rooms = web.get("api/state").body();
            assertTrue(state + ": the page finds the room joined before: " + rooms, rooms.contains("\"name\":\"" + ROOM + "\""));
        } else {
            Await.until(TIMEOUT, () -> web.get("api/state").status() == 404, state + ": the page to go away");
        }
        if (shellUp) {
            Await.until(TIMEOUT, () -> shell.run("chat:rooms").ok(), state + ": the chat: commands");
        } else {
            Await.until(TIMEOUT, () -> !shell.run("chat:rooms").ok(), state + ": the chat: commands to go away");
        }
        try (WebClient.Events events = webUp ? web.events() : null) {
            if (shellUp) {
                GogoSession.Result said = shell.run("chat:say " + text);
                assertTrue(state + ": " + said, said.ok());
            } else if (webUp) {
                assertEquals(state, 200, web.post("api/say", "{\"room\":\"" + ROOM + "\",\"text\":\"" + text + "\"}").status());
            } else {
                chat.say(ROOM, text);
            }
            if (events != null) {
                events.awaitLine("\"text\":\"" + text + "\"", TIMEOUT, state + ": the page to stream what is said");
            }
        }
        assertTrue(state, chat.history(ROOM, 1000).stream().anyMatch(m -> m.content().equals(text)));
    }
}
