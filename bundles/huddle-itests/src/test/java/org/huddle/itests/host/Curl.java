package org.huddle.itests.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP requests made by {@code curl} on a host of a {@link NamespaceLan}, so that they come from that host's
 * addresses (and reach its loopback), which this test JVM, outside every namespace, cannot.
 */
public final class Curl {

    /** What came back: the status (0 when nothing answered) and the body (with the headers, given {@code -i}). */
    public record Reply(int status, String body) {
    }

    private Curl() {
    }

    /** @return whether curl is on the PATH */
    public static boolean available() {
        return SystemCommand.onPath("curl");
    }

    /**
     * @param hostPrefix {@link NamespaceLan#hostCommandPrefix(int)} of the host to ask from
     * @param url        what to ask for
     * @param options    more curl options, for example {@code -H "Authorization: Bearer x"}
     */
    public static Reply fetch(String[] hostPrefix, String url, String... options) {
        List<String> command = new ArrayList<>(List.of(hostPrefix));
        command.addAll(List.of("curl", "-s", "--max-time", "5", "-w", "\n%{http_code}"));
        command.addAll(List.of(options));
        command.add(url);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            int cut = text.lastIndexOf('\n');
            return new Reply(Integer.parseInt(text.substring(cut + 1).strip()), text.substring(0, Math.max(0, cut)));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("curl " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
