package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.huddle.api.ChatMessage;
import org.huddle.api.ChatService;
import org.huddle.itests.host.DistributionNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Two real engines over real multicast on {@code lo}: node A is this test container, node B is the
 * distribution started as a separate JVM through {@code bin/huddle} in pipe mode, as a user's script would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoEnginesIT extends HuddleTestSupport {

    private static final String ROOM = "lobby";
    /** B is a fresh JVM and Felix: give it time to start on a busy two-core build machine. */
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @Inject
    private ChatService chat;

    private RecordingListener listener;
    private DistributionNode nodeB;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void startNodeB() throws Exception {
        listener = RecordingListener.register(bundleContext);
        nodeB = DistributionNode.from(DistributionNode.distribution())
                .name("b")
                // Pinned to lo like node A: the distribution's default is every non-loopback interface.
                .configure(DistributionNode.TRANSPORT_CFG, Map.of("interfaces", LOOPBACK, "port", Integer.toString(transportPort())))
                .configure(DistributionNode.ENGINE_CFG, Map.of("handle", "bob"))
                .start();
        String cfg = Files.readString(nodeB.home().resolve("load").resolve(DistributionNode.TRANSPORT_CFG),
                StandardCharsets.UTF_8);
        assertTrue("B's transport is pinned to lo:\n" + cfg, cfg.lines().anyMatch(l -> l.equals("interfaces = lo")));

        chat.join(ROOM);
        nodeB.send("chat:join " + ROOM);
        nodeB.awaitLine(l -> l.startsWith("joined " + ROOM), STARTUP);
    }

    @After
    public void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
        listener.close();
    }

    @Test
    public void messagesFlowBothWays() {
        // A to B. B's transport may still be binding when its join is answered: say again until it hears.
        Await.retrying(STARTUP, Duration.ofSeconds(1), i -> chat.say("hello bob " + i),
                () -> nodeB.lines().stream().anyMatch(l -> l.matches("\\[lobby\\] alice: hello bob \\d+")),
                "B to print A's message as [lobby] alice: hello bob <n>; B's output:\n" + nodeB.output());

        // B to A.
        nodeB.send("chat:say hello alice");
        ChatMessage fromB = listener.await(TIMEOUT, m -> m.content().equals("hello alice"), "B's message at A");
        assertEquals(ROOM, fromB.room());
        assertEquals("bob", fromB.handle());
        assertFalse(fromB.local());
        assertFalse("B has its own sender id", fromB.senderId().equals(chat.selfId()));

        // Each side shows the other's message once, and its own is not echoed back as a peer's.
        assertEquals(1, listener.messages().stream().filter(m -> m.content().equals("hello alice")).count());
        List<String> echoes = nodeB.lines().stream().filter(l -> l.startsWith("[lobby] bob: hello alice")).toList();
        assertTrue("B prints its own message at most once: " + echoes, echoes.size() <= 1);
    }

    @Test
    public void sigtermStopsNodeB() {
        // Scripts stop a node with SIGTERM; it must not take a kill.
        nodeB.close();
        assertFalse("B stopped on SIGTERM within the grace period; its output:\n" + nodeB.output(), nodeB.killed());
        assertFalse(nodeB.isAlive());
    }
}
