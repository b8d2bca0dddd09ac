package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Every knob is described for operators' tools (Karaf's config: commands, the Felix web console): the
 * metatype service knows both PIDs, and every attribute has a name, a description and a default.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetatypeIT extends HuddleTestSupport {

    @Inject
    private MetaTypeService metatype;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration(), webConfiguration());
    }

    @Test
    public void theTransportIsAFactoryWithEveryNetworkKnobDescribed() {
        MetaTypeInformation info = metatype.getMetaTypeInformation(installedBundle("huddle-transport-multicast"));
        assertTrue(Arrays.asList(info.getFactoryPids()).contains(TRANSPORT_PID));
        ObjectClassDefinition ocd = info.getObjectClassDefinition(TRANSPORT_PID, null);
        Set<String> ids = assertDescribed(ocd);
        assertTrue(ids.toString(), ids.containsAll(List.of("huddle.transport.name", "service.ranking", "interfaces",
                "interfaces.exclude", "loopback.fallback", "groups", "port", "ttl", "multicast.loop",
                "receive.buffer", "send.buffer")));
    }

    @Test
    public void theEngineDescribesHandleHistoryAndTransportFilter() {
        MetaTypeInformation info = metatype.getMetaTypeInformation(installedBundle("huddle-engine"));
        assertTrue(Arrays.asList(info.getPids()).contains(ENGINE_PID));
        Set<String> ids = assertDescribed(info.getObjectClassDefinition(ENGINE_PID, null));
        assertEquals(Set.of("handle", "history.size", "history.persist", "history.sync", "delivery.hold", "delivery.retry", "delivery.pace",
                "presence.interval",
                "flood.rate", "flood.burst", "network.name", "transport.target"), ids);
    }

    @Test
    public void theWebPageDescribesItsTokenAndTheServerItsAddressAndPort() {
        MetaTypeInformation info = metatype.getMetaTypeInformation(installedBundle("huddle-web"));
        assertTrue(Arrays.asList(info.getPids()).contains("org.huddle.web"));
        ObjectClassDefinition ocd = info.getObjectClassDefinition("org.huddle.web", null);
        assertEquals(Set.of(".token", "history.limit", "max.streams"), assertDescribed(ocd));
        AttributeDefinition token = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(ad -> ad.getID().equals(".token")).findFirst().orElseThrow();
        assertEquals("the token is entered as a password", AttributeDefinition.PASSWORD, token.getType());

        // where the page listens is the HTTP server's own configuration, described by the server itself
        org.osgi.framework.Bundle jetty = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "org.apache.felix.http.jetty".equals(b.getSymbolicName())).findFirst().orElseThrow();
        MetaTypeInformation server = metatype.getMetaTypeInformation(jetty);
        assertTrue(Arrays.toString(server.getPids()), Arrays.asList(server.getPids()).contains("org.apache.felix.http"));
        Set<String> serverIds = Arrays.stream(server.getObjectClassDefinition("org.apache.felix.http", null)
                .getAttributeDefinitions(ObjectClassDefinition.ALL)).map(AttributeDefinition::getID).collect(Collectors.toSet());
        assertTrue(serverIds.toString(), serverIds.containsAll(List.of("org.osgi.service.http.port", "org.apache.felix.http.host")));
    }

    private static Set<String> assertDescribed(ObjectClassDefinition ocd) {
        assertNotNull(ocd);
        assertFalse(ocd.getName().isBlank());
        assertFalse(ocd.getDescription().isBlank());
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all) {
            assertTrue(ad.getID() + " has a name", ad.getName() != null && !ad.getName().isBlank());
            assertTrue(ad.getID() + " has a description", ad.getDescription() != null && !ad.getDescription().isBlank());
        }
        return Arrays.stream(all).map(AttributeDefinition::getID).collect(Collectors.toSet());
    }
}
