package org.huddle.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Talks to the web front end of a node over loopback, as its page and scripts would: JSON actions, the event
 * stream, and hand-made requests for what a browser never sends. It presents the page's token, when given one,
 * as a script would: {@code Authorization: Bearer}.
 */
public final class WebClient {

    /** What came back. */
    public record Reply(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** @param base for example {@code http://127.0.0.1:8492/huddle/}; no token */
    public WebClient(String base) {
        this(base, null);
    }

    /**
     * @param base  for example {@code http://127.0.0.1:8492/huddle/}
     * @param token the page's token, sent with every request; {@code null} for none
     */
    public WebClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** @return a builder for a request to a path of the page, with the token */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public Reply post(String path, String json) {
        return post(path, "application/json", json);
    }

    public Reply post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends a request, with the token unless it has an Authorization header of its own. */
    public Reply send(HttpRequest.Builder request) {
        if (token != null && request.build().headers().firstValue("Authorization").isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a request exactly as written (for headers an HTTP client will not let a caller set, such as Host).
     *
     * @return the status line and everything after it
     */
    public static String raw(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asks for the event stream over a socket of its own, as a page does, and reads no more than the answer's
     * status line: {@link Socket#close()} then drops the connection as a page that went away does.
     *
     * @param headers more header lines, for example {@code Sec-Fetch-Site: cross-site}
     */
    public static Stream rawEvents(int port, String token, String... headers) {
        StringBuilder request = new StringBuilder("GET /huddle/api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        if (token != null) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        request.append("\r\n");
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\n';) {
                line.append((char) c);
            }
            return new Stream(socket, line.toString().strip());
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** An event stream asked for by {@link #rawEvents}, and its status line, for example {@code HTTP/1.1 200 OK}. */
    public record Stream(Socket socket, String statusLine) implements AutoCloseable {
        public int status() {
            String[] words = statusLine.split(" ");
            return words.length > 1 && words[1].matches("\\d{3}") ? Integer.parseInt(words[1]) : 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The event stream, read line by line on a thread of its own until closed. */
    public final class Events implements AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final InputStream body;

        private Events(InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "web-events");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Takes the lines that came, up to the next one that contains {@code text}.
         *
         * @param what what the line shows, for the failure message
         * @return that line
         * @throws AssertionError with the lines passed over when none came in time
         */
        public String awaitLine(String text, Duration timeout, String what) {
            List<String> passed = new ArrayList<>();
            return Await.value(timeout, () -> {
                for (String line; (line = lines.poll()) != null;) {
                    if (line.contains(text)) {
                        return line;
                    }
                    passed.add(line);
                }
                return null;
            }, () -> what + " (a line with " + text + "); lines passed over: " + passed);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** @return the stream, once its answer's headers arrived (200) */
    public Events events() {
        try {
            HttpResponse<InputStream> r = http.send(request("api/events").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("event stream answered " + r.statusCode() + ": " + body);
            }
            return new Events(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
