package org.huddle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's LAN end to end with its cheapest system: a sender and a receiver each in a namespace of its own,
 * raw multicast pinned to their veths, through the bridge; and nothing of the LAN left once it is closed.
 * Needs root and iproute2 (skipped without, as bench/run cannot run there either).
 */
class BenchLanTest {

    @Test
    void aRoundCrossesTheBridgeAndTheLanIsGoneAfterwards(@TempDir Path logs) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the LAN needs root");
        String owner = Long.toString(ProcessHandle.current().pid());
        try (BenchLan lan = BenchLan.create(2)) {
            assertTrue(namespaces().contains("hb-" + owner + "-m1"), namespaces());
            String link = ip("-n", "hb-" + owner + "-m1", "-o", "link", "show", BenchLan.INTERFACE);
            assertTrue(link.contains("mtu 1500"), link);
            try (MemberGroup group = new MemberGroup("raw", 2, BenchRun.JVM_FLAGS, logs, lan)) {
                // 1,024 bytes: one datagram; 8 KiB: six IP fragments on the 1,500-byte MTU, reassembled
                for (int size : new int[] { 1024, 8192 }) {
                    RoundResult r = group.round(size, 500, 5_000);
                    assertEquals("lan", r.net());
                    assertEquals(500, r.received(), "500 datagrams of " + size + " B at 5,000/s across the bridge");
                }
            }
        }
        assertFalse(namespaces().contains("hb-" + owner + "-"), namespaces());
    }

    private static String namespaces() throws IOException, InterruptedException {
        return ip("netns", "list");
    }

    private static String ip(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
