package dev.lablink.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One stream: a connection to a port on this machine and the data WebSocket the agent opened to the
 * allocator for it, copied both ways. The WebSocket's demand is asked one message at a time, after
 * the last one was written to the port, and each chunk read from the port is sent only when the one
 * before it has gone, so neither side ever holds more than a chunk. Either side ending ends both.
 */
final class TunnelStreamPipe {
    static final int CHUNK_BYTES = 32 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final int port;

    TunnelStreamPipe(HttpClient http, URI uri, String token, int port) {
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.port = port;
    }

    /** Connects to the port first (so a refusal can be told), then opens the data WebSocket and copies until either side ends. */
    void run() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        WebSocket webSocket;
        try {
            webSocket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, new ToPort(socket.getOutputStream(), ended))
                    .get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.close();
            Agent.log("stream to port " + port + " could not reach the allocator: " + e.getMessage());
            return;
        }
        try (socket) {
            Thread toAllocator = Thread.ofVirtual().start(() -> copyToAllocator(socket, webSocket, ended));
            ended.join();
            webSocket.abort();
            socket.close();
            toAllocator.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            webSocket.abort();
        }
    }

    /**
     * Reads the next chunk from the port while the one before is still being sent (two buffers, at
     * most one send in flight), so reading and sending overlap instead of taking turns.
     */
    private void copyToAllocator(Socket socket, WebSocket webSocket, CompletableFuture<Void> ended) {
        byte[][] buffers = {new byte[CHUNK_BYTES], new byte[CHUNK_BYTES]};
        CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(webSocket);
        try {
            InputStream in = socket.getInputStream();
            int n;
            for (int turn = 0; (n = in.read(buffers[turn])) >= 0; turn ^= 1) {
                sending.get(5, TimeUnit.MINUTES);
                if (n > 0) {
                    sending = webSocket.sendBinary(ByteBuffer.wrap(buffers[turn], 0, n), true);
                }
            }
            sending.get(5, TimeUnit.MINUTES);
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "port closed").get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the allocator's side or the port went away; either way the stream ends
        } finally {
            // wait briefly for the allocator to acknowledge the close, so the last bytes are not cut off
            try {
                ended.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
            ended.complete(null);
        }
    }

    /** Writes what the allocator sends to the port, asking for the next message only once this one is written. */
    private static final class ToPort implements WebSocket.Listener {
        private final OutputStream out;
        private final CompletableFuture<Void> ended;
        private final byte[] buffer = new byte[CHUNK_BYTES];

        ToPort(OutputStream out, CompletableFuture<Void> ended) {
            this.out = out;
            this.ended = ended;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                while (data.hasRemaining()) {
                    int n = Math.min(buffer.length, data.remaining());
                    data.get(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
                out.flush();
                webSocket.request(1);
            } catch (IOException e) {
                ended.complete(null);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended.complete(null);
        }
    }
}
