package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.huddle.api.ChatService;
import org.huddle.api.RoomInfo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Operators change a running node through ConfigAdmin (the distribution's load/*.cfg files and Karaf's
 * etc/ end up there): the transport moves to new settings in place, refuses settings it cannot use while
 * it keeps working, and the engine switches between transport instances by ranking or by its filter,
 * while the room stays joined and messages keep flowing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveConfigurationIT extends HuddleTestSupport {

    private static final String ROOM = "lobby";

    @Inject
    private ChatService chat;

    @Inject
    private ConfigurationAdmin configAdmin;

    private RecordingListener listener;

    @Configuration
    public Option[] configuration() {
        // Chosen together, so all three differ: the transport's, the one it moves to, the second transport's.
        int[] ports = FreePorts.udp(3);
        return options(baseConfiguration(ports[0]), passPort("moved", ports[1]), passPort("second", ports[2]));
    }

    @Before
    public void join() {
        listener = RecordingListener.register(bundleContext);
        chat.join(ROOM);
        Await.until(TIMEOUT, () -> !chat.stats().transports().isEmpty(), "the engine to bind the transport");
    }

    @After
    public void restore() throws Exception {
        listener.close();
        update(defaultTransport(), "port", transportPort(), "interfaces", new String[] { LOOPBACK });
        org.osgi.service.cm.Configuration[] second = configAdmin.listConfigurations(
                "(&(service.factoryPid=" + TRANSPORT_PID + ")(huddle.transport.name=second))");
        if (second != null) {
            for (org.osgi.service.cm.Configuration c : second) {
                c.delete();
            }
        }
        update(configAdmin.getConfiguration(ENGINE_PID, "?"), "transport.target", "(huddle.transport.name=*)");
        Await.until(TIMEOUT, () -> transportName().equals("default") && channel().endsWith(":" + transportPort()),
                "the default transport back on port " + transportPort());
    }

    @Test
    public void aNewPortMovesTheTransportInPlaceAndTheRoomStays() throws Exception {
        Object serviceId = bundleContext.getServiceReference(org.huddle.api.transport.Transport.class)
                .getProperty("service.id");
        exchange(transportPort(), "before the move");

        update(defaultTransport(), "port", movedPort());
        Await.until(TIMEOUT, () -> channel().endsWith(":" + movedPort()), "the room's channel to show port " + movedPort());
        exchange(movedPort(), "after the move");

        assertEquals("the same transport service, reconfigured in place", serviceId,
                bundleContext.getServiceReference(org.huddle.api.transport.Transport.class).getProperty("service.id"));
        assertEquals(List.of(ROOM), chat.rooms().stream().map(RoomInfo::name).toList());
        assertTrue("history kept", chat.history(ROOM, 100).stream().anyMatch(m -> m.content().startsWith("before the move")));
    }

    @Test
    public void anUnusableSettingIsRefusedAndTheNodeKeepsWorkingOnTheLastGoodOne() throws Exception {
        update(defaultTransport(), "interfaces", new String[] { "nosuchif0" }, "port", movedPort());
        Await.until(TIMEOUT, () -> description().contains("configuration refused"),
                "chat:stats to say the configuration was refused; it says: " + description());
        assertTrue(description(), description().contains("nosuchif0"));
        assertTrue("still on the last good port: " + channel(), channel().endsWith(":" + transportPort()));
        exchange(transportPort(), "despite a bad setting");
    }

    @Test
    public void theEngineUsesTheHighestRankedTransportOrTheOneItsFilterNames() throws Exception {
        org.osgi.service.cm.Configuration second = configAdmin.createFactoryConfiguration(TRANSPORT_PID, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("huddle.transport.name", "second");
        props.put("service.ranking", 10);
        props.put("interfaces", new String[] { LOOPBACK });
        props.put("groups", new String[] { GROUP });
        props.put("port", secondPort());
        second.update(props);
        Await.until(TIMEOUT, () -> transportName().equals("second"), "the engine to take the higher-ranked transport");
        exchange(secondPort(), "on the second transport");

        update(configAdmin.getConfiguration(ENGINE_PID, "?"), "transport.target", "(huddle.transport.name=default)");
        Await.until(TIMEOUT, () -> transportName().equals("default"), "the engine to follow its filter to default");
        exchange(transportPort(), "back on the default transport");
        assertEquals(List.of(ROOM), chat.rooms().stream().map(RoomInfo::name).toList());
    }

    /** @return the port the transport moves to, as the driver chose it */
    private static int movedPort() {
        return port("moved");
    }

    /** @return the port of the second transport, as the driver chose it */
    private static int secondPort() {
        return port("second");
    }

    /** Both directions on a port, with a raw peer there; resends until heard (a transport may be moving). */
    private void exchange(int port, String tag) throws IOException {
        try (RawPeer peer = new RawPeer(GROUP, port)) {
            Await.retrying(TIMEOUT, java.time.Duration.ofMillis(300), i -> chat.say(tag + " " + i),
                    () -> poll(peer, tag), "the peer on port " + port + " to hear '" + tag + "'");
            String fromPeer = tag + " (peer)";
            Await.retrying(TIMEOUT, java.time.Duration.ofMillis(300), i -> send(peer, peer.message(ROOM, fromPeer + " " + i)),
                    () -> listener.messages().stream().anyMatch(m -> m.content().startsWith(fromPeer)),
                    "the engine to hear the peer on port " + port);
        }
    }

    private org.osgi.service.cm.Configuration defaultTransport() throws Exception {
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations(
                "(&(service.factoryPid=" + TRANSPORT_PID + ")(huddle.transport.name=default))");
        assertTrue("the test's transport configuration exists", found != null && found.length == 1);
        return found[0];
    }

    @Test
    public void aConfiguredRoomIsJoinedEncryptedAndLeftWhenItsConfigurationGoes() throws Exception {
        org.osgi.service.cm.Configuration plans = configAdmin.getFactoryConfiguration("org.huddle.room", "plans", "?");
        update(plans, "room", "plans", "passphrase", "correct horse");
        Await.until(TIMEOUT, () -> chat.rooms().stream().anyMatch(r -> r.name().equals("plans") && r.encrypted()),
                "the configured room joined, encrypted");
        plans.delete();
        Await.until(TIMEOUT, () -> chat.rooms().stream().noneMatch(r -> r.name().equals("plans")),
                "the room left with its configuration");
        chat.select(ROOM);
    }

    private static void update(org.osgi.service.cm.Configuration c, Object... keyValues) throws IOException {
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
    }

    private String transportName() {
        return chat.stats().transports().isEmpty() ? "" : chat.stats().transports().get(0).name();
    }

    private String description() {
        return chat.stats().transports().isEmpty() ? "" : chat.stats().transports().get(0).description();
    }

    private String channel() {
        return chat.rooms().get(0).channel();
    }

    private static boolean poll(RawPeer peer, String text) {
        try {
            return peer.poll(d -> d.contains(text)) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(RawPeer peer, String datagram) {
        try {
            peer.send(datagram);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
