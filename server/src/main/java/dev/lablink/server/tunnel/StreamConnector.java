package dev.lablink.server.tunnel;

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
 * The client side of a stream's data connection: TCP (TLS for https, with the host name checked),
 * {@code GET <path> HTTP/1.1} with {@code Connection: Upgrade}, {@code Upgrade: lablink-stream},
 * and the answer's head read up to its blank line; after a 101 the socket carries the stream's
 * bytes as they are. The agent has its own copy of this (it is plain Java with no dependency on
 * the allocator).
 */
final class StreamConnector {
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_BODY_BYTES = 4 * 1024;

    /** The upgraded connection; {@code input} holds whatever arrived with the 101. */
    record Opened(Socket socket, InputStream input) {
    }

    /** Any answer but 101: its status and the start of its body. */
    static final class Refused extends IOException {
        final int status;
        final String body;

        Refused(int status, String body) {
            super("answered " + status + (body.isBlank() ? "" : ": " + body));
            this.status = status;
            this.body = body;
        }
    }

    private StreamConnector() {
    }

    static Opened open(URI uri, String authorization, Duration connectTimeout, Duration answerTimeout) throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) connectTimeout.toMillis());
            socket.setTcpNoDelay(true);
            if (tls) {
                SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, uri.getHost(), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                socket = secure;
            }
            socket.setSoTimeout((int) answerTimeout.toMillis());
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String head = "GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + "\r\nAuthorization: " + authorization + "\r\nConnection: Upgrade\r\nUpgrade: " + StreamUpgrade.TOKEN + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), AgentStream.CHUNK_BYTES);
            String answer = readHead(in);
            int status = status(answer);
            if (status != 101) {
                throw new Refused(status, body(in, answer));
            }
            socket.setSoTimeout(0); // a stream may rightly be quiet for hours (an idle ssh shell)
            return new Opened(socket, in);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the answer's head ended");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("the answer's head is over " + MAX_HEAD_BYTES / 1024 + " KB");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String head) throws IOException {
        String[] line = head.substring(0, head.indexOf("\r\n")).split(" ", 3);
        if (line.length < 2 || !line[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + line[0]);
        }
        try {
            return Integer.parseInt(line[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + line[1]);
        }
    }

    /** The start of a refusal's body, for the one line that says why; only as much as its Content-Length says, at most 4 KB. */
    private static String body(InputStream in, String head) {
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
            return new String(in.readNBytes(Math.max(0, Math.min(length, MAX_BODY_BYTES))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
