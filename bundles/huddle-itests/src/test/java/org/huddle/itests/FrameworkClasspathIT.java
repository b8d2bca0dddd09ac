package org.huddle.itests;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.ServiceLoader;

import org.junit.Test;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Plain JUnit, in failsafe's JVM: the test classpath offers Pax Exam exactly one OSGi framework. Pax Exam
 * forks one container per {@code FrameworkFactory} it finds in {@code META-INF/services}, so a second one
 * (say Felix left on the classpath of failsafe execution {@code equinox}, directly or embedded in
 * {@code org.apache.felix.main}) would run every Pax Exam test twice, at the same time and on the same
 * port. Which framework that one is, {@link ContainerIT} checks inside the container.
 */
public class FrameworkClasspathIT {

    @Test
    public void exactlyOneFrameworkIsOnTheClasspath() {
        List<String> factories = ServiceLoader.load(FrameworkFactory.class).stream()
                .map(provider -> provider.type().getName())
                .toList();
        assertEquals("FrameworkFactory services on the classpath: " + factories, 1, factories.size());
    }
}
