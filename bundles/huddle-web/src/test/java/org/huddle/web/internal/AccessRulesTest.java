package org.huddle.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.huddle.web.internal.AccessRules.Refusal;
import org.huddle.web.internal.AccessRules.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessRulesTest {

    private static final AccessRules LOOPBACK_ONLY = new AccessRules("");
    private static final AccessRules WITH_TOKEN = new AccessRules("s3cret");

    private static Request get(String host, String local) {
        return new Request("GET", host, local, null, null, null);
    }

    private static Request post(String host, String origin, String type) {
        return new Request("POST", host, "127.0.0.1", origin, type, null);
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
        assertEquals(200, status(WITH_TOKEN.check(new Request("GET", "chat.lan:8480", "10.77.0.1", null, null,
                "s3cret"))));
        assertEquals(401, status(WITH_TOKEN.check(new Request("GET", "chat.lan:8480", "10.77.0.1", null, null,
                "s3creT"))));
        assertEquals(401, status(WITH_TOKEN.check(new Request("GET", "chat.lan:8480", "10.77.0.1", null, null,
                null))));
        // loopback too: a configured token is always asked for
        assertEquals(401, status(WITH_TOKEN.check(get("127.0.0.1:8480", "127.0.0.1"))));
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
