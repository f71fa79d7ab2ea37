package io.github.approvalgate.startup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on the loopback interface that answers every request with the same success, for
 * {@link SdkCallPriming}: its calls then run the same HTTP client as the functions' own, end to end, without leaving
 * the process.
 *
 * <p>
 * One connection per request ({@code Connection: close}), so the client keeps no connection for a snapshot to hold;
 * {@link #close()} ends the server before init does. It reads what the SDK sends (a {@code Content-Length} or chunked
 * body, answering {@code Expect: 100-continue} first) and nothing else: it is not a general server.
 */
final class LoopbackAnswers implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HEAD = 64 * 1024;

    private final String body;
    private final Map<String, String> headers;
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger answered = new AtomicInteger();

    LoopbackAnswers(String body, Map<String, String> headers) throws IOException {
        this.body = body;
        this.headers = headers;
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("priming-loopback").start(this::serve);
    }

    URI endpoint() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    /** Requests answered so far. */
    int answered() {
        return answered.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(READ_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                connection.setSoTimeout((int) READ_TIMEOUT.toMillis());
                answer(connection);
                answered.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // Closed by close(), or a request this server does not understand: the client sees the error, and
                // priming counts that call as failed.
            }
        }
    }

    private void answer(Socket connection) throws IOException {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        String head = readHead(in);
        String requestLine = head.lines().findFirst().orElse("");
        String lowerHead = head.toLowerCase(Locale.ROOT);
        if (lowerHead.contains("\nexpect: 100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        if (lowerHead.contains("\ntransfer-encoding: chunked")) {
            skipChunked(in);
        } else {
            in.skipNBytes(contentLength(head));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder response = new StringBuilder("HTTP/1.1 200 OK\r\nConnection: close\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n");
        headers.forEach((name, value) -> response.append(name).append(": ").append(value).append("\r\n"));
        out.write(response.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        if (!requestLine.startsWith("HEAD ")) {
            out.write(bytes);
        }
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                throw new IOException("incomplete request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static long contentLength(String head) {
        return head.lines()
                .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, "Content-Length:".length()))
                .map(line -> Long.parseLong(line.substring("Content-Length:".length()).strip()))
                .findFirst().orElse(0L);
    }

    /** Chunks until the last (size 0), then the trailer section up to its empty line. */
    private static void skipChunked(InputStream in) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            int extension = sizeLine.indexOf(';');
            long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields (the SDK's trailing checksum)
                }
                return;
            }
            in.skipNBytes(size);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.length() > MAX_HEAD) {
                throw new IOException("incomplete chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
