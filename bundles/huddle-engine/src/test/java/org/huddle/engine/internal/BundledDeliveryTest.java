package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.huddle.api.ChatMessage;
import org.huddle.api.JoinOptions;
import org.huddle.api.Wire;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;
import org.huddle.engine.internal.bundling.DatagramBundle;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The receive pipeline's unbundle stage (docs/protocol.md, Bundles): each datagram of a bundle goes on as if it
 * had arrived alone, in the open and inside one seal; a malformed bundle is counted as {@code bad-bundle},
 * dropped whole, and the next good datagram is delivered. Bob on an in-VM hub; the bundles come from a plain
 * socket there, as anyone on the network could send them.
 */
class BundledDeliveryTest {

    private static final JoinOptions SECRET = new JoinOptions(Wire.HUDDLE, List.of(), 0, "correct horse");
    private static final String CAROL = "00000000000000c0";

    private final HubEngines engines = new HubEngines("carol");
    private final RecordingListener bobSees = new RecordingListener();
    private ChatEngine bob;

    @BeforeEach
    void start() {
        bob = engines.start("bob", bobSees);
        bob.join("lobby");
    }

    @AfterEach
    void stop() {
        engines.close();
    }

    private static ByteBuffer said(String room, long seq, String text) {
        return HubEngines.CODECS.huddle().encode(new Envelope(Envelope.Type.MESSAGE, CAROL, "carol", room, seq,
                System.currentTimeMillis(), text));
    }

    private static ByteBuffer hello(String room, long highest) {
        return HubEngines.CODECS.huddle().encode(new Envelope(Envelope.Type.HELLO, CAROL, "carol", "", 0,
                System.currentTimeMillis(), "", Extras.hello(List.of(), Map.of(room, highest))));
    }

    private long delivery(String counter) {
        return bob.stats().delivery().get(counter);
    }

    private long dropped(String reason) {
        return bob.stats().dropped().get(reason);
    }

    @Test
    void aMessageAndAHelloInOneBundleAreBothTakenIn() throws Exception {
        engines.outsider.send(DatagramBundle.pack(List.of(hello("lobby", 0), said("lobby", 1, "in a bundle"))));

        bobSees.awaitNotice("carol is here"::equals); // the hello: carol was there before bob heard her
        ChatMessage got = bobSees.next();
        assertEquals("in a bundle", got.content());
        assertEquals("carol", got.handle());
        assertEquals(1, delivery("bundles-received"));
    }

    @Test
    void aSealedBundleIsOpenedOnceAndEachOfItsMessagesDelivered() throws Exception {
        bob.join("plans", SECRET);
        RoomSecret plans = RoomSecret.derive("plans", SECRET.passphrase());
        ByteBuffer bundle = DatagramBundle.pack(List.of(said("plans", 1, "first"), said("plans", 2, "second"),
                said("plans", 3, "third")));
        engines.outsider.send(SealedDatagram.seal(plans, 0xc0, 1, System.currentTimeMillis(), bundle));

        assertEquals(List.of("first", "second", "third"),
                List.of(bobSees.next().content(), bobSees.next().content(), bobSees.next().content()));
        assertEquals("plans", bob.history("plans", 3).get(0).room());
        assertEquals(1, delivery("bundles-received"));
    }

    /** Flood control comes before unbundle: a bundle costs its host one datagram of its rate, whatever it holds. */
    @Test
    void theFloodLimitCountsABundleAsOneDatagram() throws Exception {
        RecordingListener daveSees = new RecordingListener();
        ChatEngine dave = engines.start("dave", daveSees, new TestTime().engineTime()); // held: no credit comes back
        dave.join("lobby");
        dave.floodLimit(1, 2);
        InetSocketAddress carol = new InetSocketAddress("10.0.0.9", 7446);
        engines.hub.deliver(InVmTransport.CHANNEL, DatagramBundle.pack(List.of(said("lobby", 1, "one"),
                said("lobby", 2, "two"), said("lobby", 3, "three"))), carol);
        engines.hub.deliver(InVmTransport.CHANNEL, said("lobby", 4, "four"), carol);
        assertEquals(List.of("one", "two", "three", "four"), List.of(daveSees.next().content(),
                daveSees.next().content(), daveSees.next().content(), daveSees.next().content()));
        engines.hub.deliver(InVmTransport.CHANNEL, said("lobby", 5, "five"), carol);
        assertEquals(1, dave.stats().dropped().get("rate-limited"), "the third datagram is over a burst of two");
    }

    @Test
    void eachMalformedBundleIsCountedAndTheNextDatagramStillDelivered() throws Exception {
        ByteBuffer good = DatagramBundle.pack(List.of(said("lobby", 1, "one"), said("lobby", 2, "two")));
        byte[] cutOff = new byte[good.remaining() - 1];
        good.duplicate().get(cutOff);
        byte[] version2 = new byte[good.remaining()];
        good.duplicate().get(version2);
        version2[2] = 2;
        List<byte[]> malformed = List.of(cutOff, version2,
                new byte[] { 'H', 'B', 1, 0, 2, '{', '}' }, // one part
                new byte[] { 'H', 'B', 1, 0, 2, '{', '}', 0, 0 }); // a part of no bytes
        long seq = 0;
        for (byte[] bad : malformed) {
            long before = dropped("bad-bundle");
            engines.outsider.send(ByteBuffer.wrap(bad));
            assertEquals(before + 1, dropped("bad-bundle"), "a bad bundle counted: " + new String(bad, 0, 3));
            engines.outsider.send(said("lobby", ++seq, "after bad bundle " + seq));
            assertEquals("after bad bundle " + seq, bobSees.next().content());
        }
        assertEquals(0, delivery("bundles-received"));
        assertEquals(0, dropped("not-json"), "no part of a bad bundle was decoded");
    }
}
