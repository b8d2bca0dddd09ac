package org.huddle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The harness' end of one {@link NodeMain} JVM: its commands in, its reply lines out, its stderr to a log. */
final class NodeProcess implements AutoCloseable {

    private static final Pattern REPLY = Pattern.compile("(ready|armed|sent|got|settled|error)\\b");

    private final String name;
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, name + "-replies");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java <jvmFlags> NodeMain system id members} in its place on {@code net} (inside its namespace
     * on the LAN); stderr goes to {@code logs/<net>-<system>-<members>-<id>.log}.
     */
    static NodeProcess start(String system, int id, int members, List<String> jvmFlags, Path logs, BenchNet net)
            throws IOException {
        List<String> command = new ArrayList<>(net.commandPrefix(id));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(net.member(id, members).flags());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeMain.class.getName());
        command.add(system);
        command.add(Integer.toString(id));
        command.add(Integer.toString(members));
        Path log = logs.resolve(net.name() + "-" + system + "-" + members + "-" + id + ".log");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new NodeProcess(system + "#" + id, p);
    }

    private void readReplies() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                if (REPLY.matcher(line).lookingAt()) {
                    replies.add(line);
                } else {
                    System.err.println(name + ": " + line); // the JVM's own, such as a flight recording starting
                }
            }
        } catch (IOException e) {
            replies.add("error: " + e);
        }
        replies.add("exit");
    }

    void command(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** The next reply, which must start with {@code word}: its key=value fields. */
    Map<String, String> expect(String word, Duration timeout) throws IOException, InterruptedException {
        Map<String, String> fields = poll(word, timeout);
        if (fields == null) {
            throw new IOException(name + ": no '" + word + "' within " + timeout.toSeconds() + " s");
        }
        return fields;
    }

    /** Like {@link #expect}, but null when no reply came within the timeout. */
    Map<String, String> poll(String word, Duration timeout) throws IOException, InterruptedException {
        String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            return null;
        }
        if (!line.startsWith(word + " ") && !line.equals(word)) {
            throw new IOException(name + ": expected '" + word + "', got: " + line);
        }
        Map<String, String> fields = new HashMap<>();
        for (String w : line.split(" ")) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                fields.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        return fields;
    }

    String name() {
        return name;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            command("quit");
        } catch (IOException gone) {
            // already exited
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
