package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import javax.inject.Inject;

import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.api.transport.TransportStats;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The JGroups transport in a real framework (Felix and Equinox), with JGroups itself as the wrapped bundle:
 * configured through Config Admin as an operator would, the engine switches to it live and what is said goes
 * out over the cluster, where a plain JGroups member (on loopback TCP, in this test) receives it framed with
 * the room's channel; and back to multicast.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JGroupsTransportIT extends HuddleTestSupport {


    @Inject
    private ChatService chat;
    @Inject
    private ConfigurationAdmin configurations;
    @Inject
    private MetaTypeService metatype;
    @Inject
    private org.osgi.service.log.LogReaderService logs;

    @Configuration
    public Option[] configuration() {
        // The JGroups members' TCP ports, chosen together so that all differ: the node's and a plain member's for
        // the open cluster, the node's and a stranger's for the sealed one.
        int[] tcp = FreePorts.tcp(4);
        return options(baseConfiguration(), jgroupsConfiguration(), passPort("node-tcp", tcp[0]),
                passPort("peer-tcp", tcp[1]), passPort("sealed-tcp", tcp[2]), passPort("stranger-tcp", tcp[3]));
    }

    @After
    public void backToMulticast() throws Exception {
        engineTarget("(huddle.transport.kind=multicast)");
    }

    private void engineTarget(String filter) throws Exception {
        org.osgi.service.cm.Configuration engine = configurations.getConfiguration(ENGINE_PID, "?");
        Dictionary<String, Object> props = engine.getProperties();
        props.put("transport.target", filter);
        engine.update(props);
    }

    private String inUse() {
        List<TransportStats> t = chat.stats().transports();
        return t.isEmpty() ? "" : t.get(0).name();
    }

    @Test
    public void theTransportAndTheBridgeDescribeEverySetting() {
        for (String[] bundleAndPid : new String[][] { { "huddle-transport-jgroups", "org.huddle.transport.jgroups" },
                { "huddle-bridge", "org.huddle.bridge" } }) {
            MetaTypeInformation info = metatype.getMetaTypeInformation(installedBundle(bundleAndPid[0]));
            assertTrue(Arrays.asList(info.getFactoryPids()).contains(bundleAndPid[1]));
            ObjectClassDefinition ocd = info.getObjectClassDefinition(bundleAndPid[1], null);
            assertFalse(ocd.getDescription().isBlank());
            for (var ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                assertFalse(ad.getID() + " has a name", ad.getName().isBlank());
                assertFalse(ad.getID() + " has a description", ad.getDescription().isBlank());
            }
        }
    }

    @Test
    public void theEngineSwitchesToTheClusterLiveAndAMemberHearsTheRoom() throws Exception {
        chat.join("lobby");
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (JChannel peer = new JChannel(new TCP().setBindAddress(java.net.InetAddress.getLoopbackAddress())
                .setBindPort(port("peer-tcp")).setPortRange(0),
                new TCPPING().setInitialHosts(List.of(new InetSocketAddress("127.0.0.1", port("node-tcp")),
                        new InetSocketAddress("127.0.0.1", port("peer-tcp")))).setPortRange(0),
                new MERGE3(), new NAKACK2(), new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(500).printLocalAddress(false))) {
            peer.setReceiver(new Receiver() {
                @Override
                public void receive(Message m) {
                    heard.add(new String(m.getArray(), m.getOffset(), m.getLength(), StandardCharsets.ISO_8859_1));
                }
            });
            peer.connect("it-cluster");

            org.osgi.service.cm.Configuration jgroups = configurations.getFactoryConfiguration(
                    "org.huddle.transport.jgroups", "it", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("huddle.transport.name", "jgroups");
            props.put("cluster", "it-cluster");
            props.put("bind.address", "127.0.0.1");
            props.put("bind.port", port("node-tcp"));
            props.put("port.range", 0);
            props.put("hosts", new String[] { "127.0.0.1:" + port("node-tcp"), "127.0.0.1:" + port("peer-tcp") });
            props.put("groups", new String[] { GROUP });
            props.put("port", transportPort());
            jgroups.update(props);
            engineTarget("(huddle.transport.name=jgroups)");
            Await.until(TIMEOUT, () -> inUse().equals("jgroups"), "the engine to use the JGroups transport");
            Await.until(TIMEOUT, () -> peer.getView().size() == 2, "the node and the peer in one cluster");
            assertTrue("rooms stay joined through the switch", chat.rooms().stream().anyMatch(r -> r.name().equals("lobby")));

            chat.say("lobby", "over the cluster");
            String frame = Await.value(TIMEOUT, () -> heard.stream().filter(f -> f.contains("over the cluster"))
                    .findFirst().orElse(null), "the peer to hear the room");
            String channel = GROUP + ":" + transportPort();
            assertEquals("framed with the room's channel", channel, frame.substring(1, 1 + frame.charAt(0)));

            engineTarget("(huddle.transport.kind=multicast)");
            Await.until(TIMEOUT, () -> inUse().equals("default"), "the engine back on multicast");
            jgroups.delete();
            Await.until(TIMEOUT, () -> peer.getView().size() == 1, "the node to leave the cluster with its transport");
        }
        assertEquals("what was said over the cluster stays in the room's history", List.of("over the cluster"),
                chat.history("lobby", 5).stream().map(ChatMessage::content).toList());
        chat.say("lobby", "back on multicast");
    }

    @Test
    public void aStrangerOnJGroupsPlainStackNeitherJoinsASealedClusterNorReadsNorWrites() throws Exception {
        chat.join("lobby");
        org.osgi.service.cm.Configuration sealed = configurations.getFactoryConfiguration(
                "org.huddle.transport.jgroups", "sealed", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("huddle.transport.name", "sealed");
        props.put("cluster", "huddle");
        props.put("secret", "it-cluster secret 0123456789");
        props.put("bind.address", "127.0.0.1");
        props.put("bind.port", port("sealed-tcp"));
        props.put("port.range", 0);
        props.put("hosts", new String[] { "127.0.0.1:" + port("sealed-tcp") });
        props.put("groups", new String[] { GROUP });
        props.put("port", transportPort());
        sealed.update(props);
        engineTarget("(huddle.transport.name=sealed)");
        Await.until(TIMEOUT, () -> inUse().equals("sealed"), "the engine on the sealed cluster");
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (JChannel stranger = new JChannel(new TCP().setBindAddress(java.net.InetAddress.getLoopbackAddress())
                .setBindPort(port("stranger-tcp")).setPortRange(0),
                new TCPPING().setInitialHosts(List.of(new InetSocketAddress("127.0.0.1", port("sealed-tcp")),
                        new InetSocketAddress("127.0.0.1", port("stranger-tcp")))).setPortRange(0),
                new MERGE3(), new NAKACK2(), new UNICAST3(), new STABLE(), new GMS().setJoinTimeout(1000).printLocalAddress(false))) {
            stranger.setDiscardOwnMessages(true);
            stranger.setReceiver(new Receiver() {
                @Override
                public void receive(Message m) {
                    heard.add(new String(m.getArray(), m.getOffset(), m.getLength(), StandardCharsets.ISO_8859_1));
                }
            });
            stranger.connect("huddle");
            String channel = GROUP + ":" + transportPort();
            byte[] frame = ("\u0000" + channel + "{\"v\":1,\"type\":\"msg\",\"handle\":\"carol-admin\"}")
                    .getBytes(StandardCharsets.ISO_8859_1);
            frame[0] = (byte) channel.length();
            stranger.send(new org.jgroups.BytesMessage(null, frame));
            chat.say("lobby", "the quarterly numbers are 42");
            Await.until(TIMEOUT, () -> chat.stats().transports().get(0).receiveErrors() > 0,
                    "the stranger's connection refused and counted");
            assertEquals("the stranger is alone", 1, stranger.getView().size());
            Await.throughout(Duration.ofSeconds(2), heard::isEmpty, () -> "the stranger to hear nothing (it heard " + heard + ")");
            assertTrue(chat.history("lobby", 20).stream().noneMatch(l -> l.toString().contains("carol-admin")));
        } finally {
            engineTarget("(huddle.transport.kind=multicast)");
            Await.until(TIMEOUT, () -> inUse().equals("default"), "the engine back on multicast");
            sealed.delete();
        }
    }

    @Test
    public void anAddressBeyondLoopbackWithoutASecretIsRefusedWithAHint() throws Exception {
        org.osgi.service.cm.Configuration open = configurations.getFactoryConfiguration(
                "org.huddle.transport.jgroups", "wide-open", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("huddle.transport.name", "wide-open");
        props.put("bind.address", "192.0.2.1");
        open.update(props);
        try {
            // a transport is a delayed component: asking for it (as chat:transport's list does) activates it
            org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(getClass())
                    .getBundleContext();
            if (!"org.apache.felix.framework".equals(context.getBundle(0).getSymbolicName())) {
                // Equinox's log reader does not get SCR's entries: the refusal is seen as no transport to be had
                Await.until(TIMEOUT, () -> context.getServiceReference(org.huddle.api.transport.Transport.class) != null,
                        "a transport");
                assertTrue(chat.stats().transports().stream().noneMatch(t -> t.name().equals("wide-open")));
                return;
            }
            String why = Await.value(TIMEOUT, () -> {
                java.util.Collection<org.osgi.framework.ServiceReference<org.huddle.api.transport.Transport>> refs;
                try {
                    refs = context.getServiceReferences(org.huddle.api.transport.Transport.class,
                            "(huddle.transport.name=wide-open)");
                } catch (org.osgi.framework.InvalidSyntaxException e) {
                    throw new IllegalStateException(e);
                }
                for (var ref : refs) {
                    assertEquals("no transport to be had", null, context.getService(ref));
                }
                for (java.util.Enumeration<org.osgi.service.log.LogEntry> e = logs.getLog(); e.hasMoreElements();) {
                    org.osgi.service.log.LogEntry entry = e.nextElement();
                    StringBuilder text = new StringBuilder(String.valueOf(entry.getMessage()));
                    for (Throwable t = entry.getException(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                        text.append(" | ").append(t.getMessage());
                    }
                    int at = text.indexOf("bind.address 192.0.2.1");
                    if (at >= 0) {
                        return text.substring(at);
                    }
                }
                return null;
            }, "the refusal in the log");
            assertTrue(why, why.startsWith("bind.address 192.0.2.1 is beyond this machine and no secret is set")
                    && why.contains("secret.file"));
            assertTrue(chat.stats().transports().stream().noneMatch(t -> t.name().equals("wide-open")));
        } finally {
            open.delete();
        }
    }
}
