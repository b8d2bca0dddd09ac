package org.huddle.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.huddle.api.ChatException;
import org.huddle.api.ChatService;
import org.huddle.api.RoomInfo;
import org.huddle.api.transport.Transport;
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
import org.osgi.framework.ServiceReference;

/**
 * The point of the bundle split: stopping, restarting or updating the transport bundle or the shell
 * bundle in a running framework leaves the engine, its joined rooms and its history alone, and chat
 * resumes by itself once the bundle is back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends HuddleTestSupport {

    private static final String ROOM = "lobby";
    /** How long each attempt waits before the next one while a transport comes back. */
    private static final Duration RESEND = Duration.ofMillis(500);

    @Inject
    private ChatService chat;

    private RawPeer peer;
    private RecordingListener listener;

    @Configuration
    public Option[] configuration() {
        return options(baseConfiguration());
    }

    @Before
    public void joinAndListen() throws Exception {
        peer = new RawPeer(GROUP, transportPort());
        listener = RecordingListener.register(bundleContext);
        chat.join(ROOM);
        exchangeBothWays("before");
    }

    @After
    public void restoreBundles() throws Exception {
        listener.close();
        peer.close();
        // A failed test must not leave the next one without a transport or a shell.
        for (String name : List.of("huddle-transport-multicast", "huddle-shell")) {
            if (installedBundle(name).getState() != Bundle.ACTIVE) {
                installedBundle(name).start();
            }
        }
    }

    @Test
    public void stoppingAndStartingTheTransportKeepsRoomsAndChatResumes() throws Exception {
        int historyBefore = chat.history(ROOM, 1000).size();
        Bundle transport = installedBundle("huddle-transport-multicast");

        transport.stop();
        Await.until(TIMEOUT, () -> service(Transport.class) == null && chat.stats().transports().isEmpty(),
                "the engine to let go of the stopped transport");
        assertStillInTheRoom(historyBefore);
        // Without a transport, saying is refused with a reason, not a crash.
        assertThrows(ChatException.class, () -> chat.say("into the void"));

        transport.start();
        exchangeBothWays("after restart");
        assertStillInTheRoom(historyBefore);
    }

    @Test
    public void updatingTheTransportBundleKeepsRoomsAndChatResumes() throws Exception {
        int historyBefore = chat.history(ROOM, 1000).size();
        long bundleId = installedBundle("huddle-transport-multicast").getBundleId();

        installedBundle("huddle-transport-multicast").update();
        assertEquals("the same bundle, updated in place", bundleId,
                installedBundle("huddle-transport-multicast").getBundleId());
        exchangeBothWays("after update");
        assertStillInTheRoom(historyBefore);
    }

    @Test
    public void stoppingTheShellLeavesChatRunningAndItsListenerComesBack() throws Exception {
        ServiceReference<ChatService> engineBefore = bundleContext.getServiceReference(ChatService.class);
        Bundle shell = installedBundle("huddle-shell");

        shell.stop();
        assertEquals("the engine was not restarted", engineBefore.getProperty("service.id"),
                bundleContext.getServiceReference(ChatService.class).getProperty("service.id"));
        assertEquals(Optional.of(ROOM), chat.currentRoom());
        peer.send(peer.message(ROOM, "while the shell is away"));
        listener.await(TIMEOUT, m -> m.content().equals("while the shell is away"), "a message while the shell is stopped");

        shell.start();
        CommandProcessor processor = awaitService(CommandProcessor.class);
        try (GogoSession gogo = new GogoSession(processor)) {
            // The commands come back with the shell's component; this session then owns the console.
            GogoSession.Result rooms = Await.value(TIMEOUT, () -> {
                GogoSession.Result r = gogo.run("chat:rooms");
                return r.ok() && r.text().contains(ROOM) ? r : null;
            }, "chat:rooms to work again and list " + ROOM);
            assertTrue(rooms.text(), rooms.text().contains(ROOM));

            peer.send(peer.message(ROOM, "welcome back shell"));
            Await.until(TIMEOUT, () -> gogo.console().lines().anyMatch(l -> l.equals("[lobby] bob: welcome back shell")),
                    "the shell's listener to print [lobby] bob: welcome back shell; console so far:\n" + gogo.console());
        }
        assertEquals(engineBefore.getProperty("service.id"),
                bundleContext.getServiceReference(ChatService.class).getProperty("service.id"));
    }

    private void assertStillInTheRoom(int historyBefore) {
        assertEquals(List.of(ROOM), chat.rooms().stream().map(RoomInfo::name).toList());
        assertEquals(Optional.of(ROOM), chat.currentRoom());
        assertTrue("history kept", chat.history(ROOM, 1000).size() >= historyBefore);
    }

    /**
     * Messages go both ways between the engine and the raw peer, without joining again. Each side resends
     * (new text each time) until the other hears it: while a transport is coming back, the first
     * datagrams may go nowhere.
     */
    private void exchangeBothWays(String tag) {
        String fromAlice = tag + " from alice ";
        Await.retrying(TIMEOUT, RESEND, i -> chat.say(fromAlice + i),
                () -> received(d -> d.contains(fromAlice)), "the peer to hear '" + fromAlice + "<n>'");
        String fromBob = tag + " from bob ";
        Await.retrying(TIMEOUT, RESEND, i -> send(peer.message(ROOM, fromBob + i)),
                () -> listener.messages().stream().anyMatch(m -> m.content().startsWith(fromBob)),
                "the engine to deliver '" + fromBob + "<n>'");
    }

    private boolean received(java.util.function.Predicate<String> match) {
        try {
            return peer.poll(match) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(String datagram) {
        try {
            peer.send(datagram);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
