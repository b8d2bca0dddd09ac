package org.huddle.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.huddle.web.internal.AccessRules.Refusal;
import org.huddle.web.internal.AccessRules.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessRulesTest {

    private static final String OWN = "a5f0c2d94b7e13a8";
    /** The node's own token: loopback only. */
    private static final AccessRules LOOPBACK_ONLY = new AccessRules(OWN, false, "the token is in data/web.token");
    /** A configured one: any address. */
    private static final AccessRules WITH_TOKEN = new AccessRules("s3cret", true, "the token is '.token'");

    private static Request get(String host, String local) {
        return new Request("GET", false, host, local, null, null, null, OWN);
    }

    private static Request post(String host, String origin, String type) {
        return new Request("POST", false, host, "127.0.0.1", origin, null, type, OWN);
    }

    /** A GET as a browser sends it, with its Sec-Fetch-Site, Origin and whether it opens a tab. */
    private static Request browser(String fetchSite, String origin, boolean opening, String token) {
        return new Request("GET", opening, "127.0.0.1:8480", "127.0.0.1", origin, fetchSite, null, token);
    }

    private static int status(Optional<Refusal> refusal) {
        return refusal.map(Refusal::status).orElse(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1:8480", "127.0.0.1", "127.1.2.3:80", "localhost:8480", "LOCALHOST",
            "[::1]:8480", "[::1]", "[0:0:0:0:0:0:0:1]:1" })
    void loopbackHostsAreLetIn(String host) {
        assertEquals(200, status(LOOPBACK_ONLY.check(get(host, "127.0.0.1"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example:8480", "localhost.evil.example", "127.0.0.1.nip.io:8480", "10.0.0.5:8480",
            "[::2]:8480", "[::1]x", "", "128.0.0.1" })
    void otherHostNamesAreRefusedWithoutAToken(String host) {
        Optional<Refusal> refusal = LOOPBACK_ONLY.check(get(host, "127.0.0.1"));
        assertEquals(403, status(refusal));
        assertTrue(refusal.get().error().contains("not loopback's"), refusal.get().error());
    }

    @Test
    void aMissingHostIsRefused() {
        assertEquals(403, status(LOOPBACK_ONLY.check(get(null, "127.0.0.1"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.77.0.1", "192.168.1.4", "fe80:0:0:0:1:2:3:4%eth0", "0:0:0:0:0:0:0:0" })
    void aRequestThatCameInOnAnotherAddressNeedsAToken(String local) {
        Optional<Refusal> refusal = LOOPBACK_ONLY.check(get("127.0.0.1:8480", local));
        assertEquals(403, status(refusal));
        assertTrue(refusal.get().error().contains("only with an access token"), refusal.get().error());
        assertTrue(refusal.get().error().contains(WebConfig.PID), refusal.get().error());
    }

    @Test
    void withATokenAnyAddressAndHostIsLetInThatPresentsIt() {
        assertEquals(200, status(WITH_TOKEN.check(new Request("GET", false, "chat.lan:8480", "10.77.0.1", null, null,
                null, "s3cret"))));
        assertEquals(401, status(WITH_TOKEN.check(new Request("GET", false, "chat.lan:8480", "10.77.0.1", null, null,
                null, "s3creT"))));
        assertEquals(401, status(WITH_TOKEN.check(new Request("GET", false, "chat.lan:8480", "10.77.0.1", null, null,
                null, null))));
        // loopback too: a configured token is always asked for
        assertEquals(401, status(WITH_TOKEN.check(get("127.0.0.1:8480", "127.0.0.1"))));
    }

    @Test
    void onLoopbackTheNodesOwnTokenIsAskedForToo() {
        for (String presented : new String[] { null, "", "a5f0c2d94b7e13a", "a5f0c2d94b7e13a8 " }) {
            Optional<Refusal> refusal = LOOPBACK_ONLY.check(new Request("GET", false, "127.0.0.1:8480", "127.0.0.1",
                    null, null, null, presented));
            assertEquals(401, status(refusal), presented);
            assertTrue(refusal.get().error().contains("needs its access token")
                    && refusal.get().error().endsWith("the token is in data/web.token"), refusal.get().error());
        }
        assertEquals(200, status(LOOPBACK_ONLY.check(get("localhost:8480", "127.0.0.1"))));
    }

    @Test
    void theApiAnswersOnlyThePageItself() {
        assertEquals(200, status(LOOPBACK_ONLY.check(browser("same-origin", null, false, OWN))));
        assertEquals(200, status(LOOPBACK_ONLY.check(browser("none", null, false, OWN))));
        assertEquals(200, status(LOOPBACK_ONLY.check(browser(null, "http://127.0.0.1:8480", false, OWN))));
        // another site's script or EventSource, with or without the token: refused before the token is looked at
        for (String token : new String[] { OWN, null }) {
            for (String site : new String[] { "cross-site", "same-site", "whatever" }) {
                Optional<Refusal> refusal = LOOPBACK_ONLY.check(browser(site, null, false, token));
                assertEquals(403, status(refusal), site);
                assertTrue(refusal.get().error().contains("another site"), refusal.get().error());
            }
            assertEquals(403, status(LOOPBACK_ONLY.check(browser(null, "http://evil.example", false, token))));
            assertEquals(403, status(LOOPBACK_ONLY.check(browser("same-origin", "null", false, token))));
        }
        assertEquals(403, status(WITH_TOKEN.check(new Request("GET", false, "chat.lan:8480", "10.77.0.1",
                "http://evil.example", "cross-site", null, "s3cret"))));
        // a link on another site opens the page (the browser sends no cookie with it: the token decides)
        assertEquals(200, status(LOOPBACK_ONLY.check(browser("cross-site", "http://evil.example", true, OWN))));
        assertEquals(401, status(LOOPBACK_ONLY.check(browser("cross-site", null, true, null))));
    }

    @Test
    void anEmptyTokenIsNoToken() {
        assertThrows(IllegalArgumentException.class, () -> new AccessRules("", false, "nowhere"));
    }

    @Test
    void actionsMustBeJsonFromThisPage() {
        assertEquals(200, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", null, "application/json"))));
        assertEquals(200, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", "http://127.0.0.1:8480",
                "application/json; charset=UTF-8"))));
        // what an HTML form on another site can send
        assertEquals(415, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", null,
                "application/x-www-form-urlencoded"))));
        assertEquals(415, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", null, "text/plain"))));
        assertEquals(415, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", null, null))));
        assertEquals(403, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", "http://evil.example",
                "application/json"))));
        assertEquals(403, status(LOOPBACK_ONLY.check(post("127.0.0.1:8480", "null", "application/json"))));
    }

    @Test
    void loopbackLiteralsAreRecognisedWithoutALookup() {
        assertTrue(AccessRules.isLoopbackLiteral("127.0.0.1"));
        assertTrue(AccessRules.isLoopbackLiteral("0:0:0:0:0:0:0:1%lo"));
        assertTrue(AccessRules.isLoopbackLiteral("[::1]"));
        assertFalse(AccessRules.isLoopbackLiteral("localhost"));
        assertFalse(AccessRules.isLoopbackLiteral(null));
        assertFalse(AccessRules.isLoopbackLiteral("127.0.0.1.example"));
    }
}
