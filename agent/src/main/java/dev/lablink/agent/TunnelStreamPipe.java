package dev.lablink.agent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One stream: a connection to a port on this machine and the data connection the agent opened to
 * the allocator for it, copied both ways, byte for byte.
 *
 * <p>The data connection is a plain HTTP/1.1 upgrade ({@code Connection: Upgrade},
 * {@code Upgrade: lablink-stream}, answered {@code 101 Switching Protocols}), as Docker's attach
 * API does: after the 101 the connection carries the port's bytes as they are. There is no framing
 * because none is needed: each stream has a connection of its own, so TCP says where it ends and its
 * window is the back-pressure. It used to be a WebSocket, and RFC 6455 makes a client mask every
 * frame, which Tomcat unmasks a byte at a time: 67 % of the allocator's CPU, and one stream topped
 * out at about 90 MB/s; as a raw upgrade it carries about 860 MB/s from the port and 770 MB/s to it
 * on the same 2-core machine (bin/bench tunnel, docs/benchmarks.md section 7).
 *
 * <p>The port closing half-closes the connection to the allocator (its last bytes still arrive);
 * the allocator closing the stream closes everything, as the allocator's side has no half-close.
 */
final class TunnelStreamPipe {
    static final int CHUNK_BYTES = 64 * 1024;
    static final String UPGRADE_TOKEN = "lablink-stream";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_BODY_BYTES = 300;

    private final URI uri;
    private final String token;
    private final int port;

    TunnelStreamPipe(URI uri, String token, int port) {
        this.uri = uri;
        this.token = token;
        this.port = port;
    }

    /** Connects to the port first (so a refusal can be told), then opens the data connection and copies until both sides ended. */
    void run() throws IOException {
        Socket local = new Socket();
        try {
            local.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
            local.setTcpNoDelay(true);
        } catch (IOException e) {
            local.close();
            throw e;
        }
        try (local) {
            Socket allocator;
            InputStream fromAllocator;
            try {
                allocator = connect();
                fromAllocator = upgrade(allocator);
            } catch (IOException e) {
                Agent.log("stream to port " + port + " could not reach the allocator: " + e.getMessage());
                return;
            }
            try (allocator) {
                Thread toAllocator = Thread.ofVirtual().name("lablink-stream-out").start(() -> copyToAllocator(local, allocator));
                copyToPort(fromAllocator, local);
                // the allocator's end of the stream is gone: nothing the port still says has anywhere to go
                allocator.close();
                local.close();
                toAllocator.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Socket connect() throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int remotePort = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), remotePort), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            if (!tls) {
                return socket;
            }
            SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, uri.getHost(), remotePort, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the allocator's certificate must name its host
            secure.setSSLParameters(parameters);
            return secure;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends the upgrade request and reads the answer's head; after a 101, what follows on the returned stream is the port's bytes. */
    private InputStream upgrade(Socket socket) throws IOException {
        socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String head = "GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: Upgrade\r\nUpgrade: " + UPGRADE_TOKEN + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), CHUNK_BYTES);
        String answer = readHead(in);
        String statusLine = answer.substring(0, answer.indexOf("\r\n"));
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].equals("101")) {
            throw new IOException("the allocator answered " + statusLine + bodyStart(in, answer));
        }
        socket.setSoTimeout(0); // a stream may rightly be quiet for hours (an idle ssh shell)
        return in;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the allocator closed the connection before its answer's head ended");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("the allocator's answer head is over " + MAX_HEAD_BYTES / 1024 + " KB");
            }
            boolean next = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1);
            matched = next ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** ": " and the start of a refusal's body (as much as its Content-Length says, at most a line's worth), or nothing. */
    private static String bodyStart(InputStream in, String head) {
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                try {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                } catch (NumberFormatException ignored) {
                    // no body then
                }
            }
        }
        try {
            String body = new String(in.readNBytes(Math.max(0, Math.min(length, MAX_BODY_BYTES))), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return body.isEmpty() ? "" : ": " + body;
        } catch (IOException e) {
            return "";
        }
    }

    /** The port's bytes to the allocator; the port's end half-closes the connection, so what was sent before still arrives. */
    private static void copyToAllocator(Socket local, Socket allocator) {
        byte[] buffer = new byte[CHUNK_BYTES];
        try {
            InputStream in = local.getInputStream();
            OutputStream out = allocator.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            allocator.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(allocator); // either side went away: the stream ends
            closeQuietly(local);
        }
    }

    /** The allocator's bytes to the port, until the allocator's end closes. */
    private static void copyToPort(InputStream fromAllocator, Socket local) {
        byte[] buffer = new byte[CHUNK_BYTES];
        try {
            OutputStream out = local.getOutputStream();
            int n;
            while ((n = fromAllocator.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // either side went away: the stream ends
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
