package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeNotNull;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.huddle.api.ChatService;
import org.huddle.api.transport.MessageCodec;
import org.huddle.api.transport.Transport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/**
 * The container itself: every bundle resolves and starts, and the Huddle components come up with the
 * test configuration (one transport, on lo). If this fails, the other tests cannot mean anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainerIT extends HuddleTestSupport {

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " " + b.getVersion() + " (state " + b.getState() + ")")
                .collect(Collectors.toList());
        assertEquals("bundles not active", List.of(), notActive);
    }

    @Test
    public void runsOnTheFrameworkThisExecutionIsFor() {
        String expected = System.getProperty(FRAMEWORK_PROPERTY);
        // Run outside failsafe (an IDE), the test runs on whichever framework is on the classpath.
        assumeNotNull(expected);
        Bundle system = bundleContext.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        assertEquals("the system bundle, " + system.getSymbolicName() + " " + system.getVersion(), expected,
                system.getSymbolicName());
    }

    /** The core components are there at all (an empty list is satisfied too), and none of Huddle's is unsatisfied. */
    @Test
    public void huddleComponentsAreSatisfied() {
        Set<String> core = Set.of("org.huddle.engine.internal.ChatEngine",
                "org.huddle.codec.json.internal.JsonMessageCodec",
                "org.huddle.transport.multicast.internal.MulticastTransport",
                "org.huddle.shell.internal.ChatCommands");
        Await.until(TIMEOUT, () -> huddleComponents().containsAll(core),
                "the core components " + core + " among " + huddleComponents());
        Await.until(TIMEOUT, () -> unsatisfiedHuddleComponents().isEmpty(),
                "every Huddle component to be satisfied: " + unsatisfiedHuddleComponents());
    }

    private Set<String> huddleComponents() {
        return scr.getComponentDescriptionDTOs().stream().filter(d -> d.bundle.symbolicName.startsWith("org.huddle"))
                .map(d -> d.name).collect(Collectors.toSet());
    }

    @Test
    public void engineCodecAndLoopbackTransportAreRegistered() {
        ChatService chat = awaitService(ChatService.class);
        assertNotNull(awaitService(MessageCodec.class));
        Transport transport = awaitService(Transport.class);
        assertEquals("default", transport.name());
        assertEquals(transportPort(), transport.defaultChannel().port());
        Await.until(TIMEOUT, () -> HANDLE.equals(chat.handle()), "the engine to take the handle from its configuration");
        assertTrue("a 16 hex digit sender id: " + chat.selfId(), chat.selfId().matches("[0-9a-f]{16}"));
        assertTrue("the transport says it is on lo: " + transport.stats().description(),
                transport.stats().description().contains(LOOPBACK));
    }

    @Test
    public void transportConfigurationPinsLoopback() throws Exception {
        org.osgi.service.cm.Configuration[] configs = configAdmin
                .listConfigurations("(service.factoryPid=" + TRANSPORT_PID + ")");
        assertNotNull("a transport factory configuration", configs);
        assertEquals(1, configs.length);
        assertEquals(List.of(LOOPBACK), Arrays.asList((String[]) configs[0].getProperties().get("interfaces")));
    }

    private List<String> unsatisfiedHuddleComponents() {
        return scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.bundle.symbolicName.startsWith("org.huddle"))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .filter(c -> c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
                .map(c -> c.description.name + " (state " + c.state + ", unsatisfied "
                        + Arrays.stream(c.unsatisfiedReferences).map(r -> r.name).collect(Collectors.toList())
                        + (c.failure == null ? "" : ", failure " + c.failure) + ")")
                .collect(Collectors.toList());
    }
}
