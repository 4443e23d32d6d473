package dev.lablink.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import tools.jackson.databind.JsonNode;

/**
 * One byte stream to a port on a machine through the allocator: a WebSocket to
 * {@code /api/v1/vms/<name>/tunnel?port=N} whose binary messages carry the bytes. Back-pressure
 * both ways: each send is waited for before the next read, and the next message is asked for only
 * once the last one is written out.
 */
final class TunnelSocket {
    static final int CHUNK_BYTES = 32 * 1024;
    static final String LOST = "the connection to the allocator was lost";
    private static final Duration KEEPALIVE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final WebSocket webSocket;
    /** Completes with null when the stream ended normally, or with why it was cut, in words. */
    private final CompletableFuture<String> closed;

    private TunnelSocket(WebSocket webSocket, CompletableFuture<String> closed) {
        this.webSocket = webSocket;
        this.closed = closed;
    }

    /** Opens the stream, writing what the port sends to {@code sink}; a refusal is a CliException in one line. */
    static TunnelSocket open(ApiClient client, String machine, int port, OutputStream sink) {
        URI uri = URI.create(client.baseUrl().replaceFirst("^(?i)http", "ws") + "/api/v1/vms/" + MachineName.asPathSegment(machine)
                + "/tunnel?port=" + port);
        CompletableFuture<String> closed = new CompletableFuture<>();
        try {
            WebSocket webSocket = HTTP.newWebSocketBuilder()
                    .header("Authorization", client.authorization())
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, new ToSink(sink, closed))
                    .get();
            TunnelSocket tunnel = new TunnelSocket(webSocket, closed);
            Thread.ofVirtual().name("tunnel-keepalive").start(tunnel::keepAlive);
            return tunnel;
        } catch (ExecutionException | CompletionException e) {
            throw refusal(client, machine, port, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    /** Sends everything {@code source} gives until it ends, then closes the WebSocket (unless the other side did first). */
    void sendFrom(InputStream source) {
        byte[] buffer = new byte[CHUNK_BYTES];
        try {
            int n;
            while (!closed.isDone() && (n = source.read(buffer)) >= 0) {
                if (n > 0) {
                    webSocket.sendBinary(ByteBuffer.wrap(buffer, 0, n), true).join(); // the buffer is reused only once it is sent
                }
            }
            if (!closed.isDone()) {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            }
        } catch (IOException stdinGone) {
            webSocket.abort();
            closed.complete(null);
        } catch (CompletionException sendFailed) {
            webSocket.abort();
            closed.complete(LOST);
        }
    }

    /** A ping now and then, so that a quiet ssh session outlives the idle timeouts of proxies in front of the allocator. */
    private void keepAlive() {
        while (!closed.isDone()) {
            try {
                closed.get(KEEPALIVE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException quiet) {
                webSocket.sendPing(ByteBuffer.allocate(0));
            } catch (InterruptedException | ExecutionException e) {
                return;
            }
        }
    }

    /** Done when the stream has ended, from either side: with null if it ended normally, else with why it was cut. */
    CompletableFuture<String> closed() {
        return closed;
    }

    void abort() {
        webSocket.abort();
        closed.complete(null);
    }

    private static CliException refusal(ApiClient client, String machine, int port, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            HttpResponse<?> response = handshake.getResponse();
            if (response.statusCode() == 401) {
                return new CliException(client.refusedCredentials());
            }
            String detail = detailOf(response.body());
            return new CliException(detail != null ? detail : "the allocator answered " + response.statusCode() + " to a tunnel to " + machine + " port " + port);
        }
        if (cause instanceof ConnectException || cause != null && cause.getCause() instanceof ConnectException) {
            return new CliException("cannot reach the allocator at " + client.baseUrl() + "; is `lablink server` running? (set --url or LABLINK_URL)");
        }
        return new CliException("opening a tunnel to " + machine + " port " + port + " failed: " + (cause == null ? "unknown error" : cause.getMessage()));
    }

    private static String detailOf(Object body) {
        if (!(body instanceof String text) || text.isBlank()) {
            return null;
        }
        try {
            JsonNode json = ApiClient.JSON.readTree(text);
            String detail = json.path("detail").asString("");
            return detail.isEmpty() ? null : detail;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** Writes each message to the sink, then asks for the next: a slow sink holds the allocator back. */
    private static final class ToSink implements WebSocket.Listener {
        private final OutputStream sink;
        private final CompletableFuture<String> closed;

        ToSink(OutputStream sink, CompletableFuture<String> closed) {
            this.sink = sink;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            try {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                sink.write(bytes);
                sink.flush();
                webSocket.request(1);
            } catch (IOException sinkGone) {
                webSocket.abort();
                closed.complete(null);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(switch (statusCode) {
                case WebSocket.NORMAL_CLOSURE -> null;
                case 1001 -> "the allocator is shutting down";
                default -> "the allocator closed it (code " + statusCode + (reason.isBlank() ? "" : ": " + reason) + ")";
            });
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // the allocator went away without a close: killed, restarted or unreachable
            closed.complete(LOST);
        }
    }
}
