package org.huddle.transport.multicast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.huddle.api.transport.Membership;
import org.huddle.api.transport.TransportDiagnosis.InterfaceReport;
import org.huddle.api.transport.TransportDiagnosis.JoinReport;
import org.huddle.api.transport.TransportDiagnosis;
import org.huddle.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transport.diagnose on the loopback interface, and how interfaces are classified and written. */
class DiagnoseTest {

    @Test
    void listsEveryInterfaceWithWhyItIsUsedOrNotAndTheJoinsOfOpenMemberships() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> { })) {
            TransportDiagnosis d = a.diagnose();
            assertEquals("a", d.name());
            assertEquals(1, d.ttl());
            assertTrue(d.multicastLoop());
            assertEquals(1048576, d.receiveBufferRequested());
            assertTrue(d.receiveBufferGranted() > 0, "granted " + d.receiveBufferGranted());

            InterfaceReport lo = d.interfaces().stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
            assertEquals("loopback", lo.kind());
            assertTrue(lo.up());
            assertTrue(lo.used());
            assertEquals("named in interfaces", lo.note());
            assertTrue(lo.addresses().contains("127.0.0.1/8"), lo.addresses().toString());
            for (InterfaceReport other : d.interfaces()) {
                if (!other.name().equals("lo")) {
                    assertFalse(other.used(), other.toString());
                    assertEquals("not in interfaces", other.note());
                }
            }

            assertEquals(List.of(new JoinReport("lo", InetAddress.getByName("239.255.72.68"), port, "")), d.joins());
            assertTrue(d.joins().get(0).joined());
        } finally {
            a.deactivate();
        }
        assertEquals(List.of(), a.diagnose().joins(), "no open membership, no joins");
        assertEquals(0, a.diagnose().receiveBufferGranted());
    }

    @Test
    void aHopLimitAboveOneAlsoJoinsTheSiteLocalTwinOfALinkLocalGroup() throws Exception {
        // Joining only: nothing is sent (IPv6 multicast does not leave lo anyway).
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port, (m, t) -> { },
                Map.of("groups", new String[] { "ff02::4844" }, "ttl", 2));
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> { })) {
            List<String> joined = a.diagnose().joins().stream().filter(JoinReport::joined)
                    .map(j -> HostInterfaces.text(j.group())).sorted().toList();
            assertEquals(List.of("ff02::4844", "ff05::4844"), joined);
            assertTrue(a.stats().description().startsWith("multicast [ff02::4844]:" + port + " (also "
                    + "ff05::4844: hop limit 2 reaches beyond the link) on lo"), a.stats().description());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void theSiteLocalTwinFollowsTheHopLimit() throws Exception {
        List<InetAddress> groups = new ArrayList<>();
        for (String g : List.of("239.255.72.68", "ff02::4844", "ff12::1", "ff02::1:3", "ff05::1:3")) {
            groups.add(InetAddress.getByName(g));
        }
        assertEquals(groups, new SocketSettings(1, true, 0, 0).scopedGroups(groups));
        List<String> scoped = new SocketSettings(2, true, 0, 0).scopedGroups(groups).stream().map(HostInterfaces::text)
                .toList();
        assertEquals(List.of("239.255.72.68", "ff02::4844", "ff12::1", "ff02::1:3", "ff05::1:3", "ff05::4844"), scoped);
    }

    @Test
    void kindsComeFromSysfsWhereLinuxHasItAndFromNamesElse(@TempDir Path sys) throws Exception {
        Files.createDirectories(sys.resolve("wlp2s0/wireless"));
        Files.createDirectories(sys.resolve("wlan1/phy80211"));
        Files.createDirectories(sys.resolve("br0/bridge"));
        Files.createDirectories(sys.resolve("tun0"));
        Files.writeString(sys.resolve("tun0/tun_flags"), "0x1001\n");
        Files.createDirectories(sys.resolve("lo"));
        Files.writeString(sys.resolve("lo/type"), "772\n");
        Files.createDirectories(sys.resolve("enp3s0"));
        Files.writeString(sys.resolve("enp3s0/type"), "1\n");
        InterfaceKinds kinds = new InterfaceKinds(sys);
        assertEquals("wireless", kinds.kind("wlp2s0", false, false));
        assertEquals("wireless", kinds.kind("wlan1", false, false));
        assertEquals("bridge", kinds.kind("br0", false, false));
        assertEquals("tunnel", kinds.kind("tun0", false, true));
        assertEquals("loopback", kinds.kind("lo", false, false));
        assertEquals("ethernet", kinds.kind("enp3s0", false, false));
        assertEquals("veth", kinds.kind("veth1a2b", false, false));
        assertEquals("veth", kinds.kind("vxlan.calico", false, false));
        assertEquals("bridge", kinds.kind("docker0", false, false));
        assertEquals("bridge", kinds.kind("br-5f3e", false, false));
        assertEquals("vpn", kinds.kind("wg0", false, false));
        assertEquals("vpn", kinds.kind("tailscale0", false, false));
        assertEquals("vpn", kinds.kind("gpd0", false, true), "point-to-point");

        InterfaceKinds elsewhere = new InterfaceKinds(sys.resolve("no-such-dir"));
        assertEquals("other", elsewhere.kind("en0", false, false));
        assertEquals("loopback", elsewhere.kind("lo0", true, false));
    }

    @Test
    void ipv6AddressesAreWrittenInTheirShortestForm() throws Exception {
        assertEquals("ff02::4844", HostInterfaces.text(InetAddress.getByName("ff02::4844")));
        assertEquals("::1", HostInterfaces.text(InetAddress.getByName("::1")));
        assertEquals("2001:db8:0:1::1", HostInterfaces.text(InetAddress.getByName("2001:db8:0:1:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", HostInterfaces.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("1:0:1:0:1:0:1:0", HostInterfaces.text(InetAddress.getByName("1:0:1:0:1:0:1:0")));
        assertEquals("fe80::1%1", HostInterfaces.text(InetAddress.getByName("fe80::1%1")));
        assertEquals("::", HostInterfaces.text(InetAddress.getByName("::")));
        assertEquals("10.0.0.5", HostInterfaces.text(InetAddress.getByName("10.0.0.5")));
    }
}
