package dev.lablink.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.jr.ob.JSON;

/**
 * The machine's tunnel: one outbound WebSocket to the allocator, authenticated by the machine token,
 * over which the allocator asks for streams to ports on this machine. Each stream then gets its own
 * outbound data connection, a plain HTTP upgrade to a byte stream ({@link TunnelStreamPipe});
 * nothing ever connects in, so the machine needs no open port and no public address. Only the ports the session declared are opened; for any other
 * the agent answers "refused" and the allocator records it. When the allocator goes away the tunnel
 * is opened again with backoff (jittered, 0.5 s doubling to 10 s, so a room of agents does not come
 * back in lockstep after a restart), for as long as the agent runs. A ping goes out every
 * {@link #PING_EVERY}; when the one before it got no pong, the connection is half dead (the
 * allocator's host vanished without a FIN, a NAT forgot the flow) and is dropped and opened again.
 */
final class TunnelClient {
    static final Duration PING_EVERY = Duration.ofSeconds(20);
    /** A tunnel that stayed open this long was a success: the next failure starts the backoff from the bottom. */
    private static final Duration STABLE = Duration.ofSeconds(30);

    private final AgentSettings settings;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    private volatile List<Integer> ports = List.of();
    private volatile boolean running;
    private volatile boolean started;
    private volatile WebSocket control;
    private volatile long lastPongNanos;
    private final java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger();
    private Thread loop;

    TunnelClient(AgentSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
    }

    /** The ports the session declared, from the allocator's orders; the only ones a stream may reach. */
    void setPorts(List<Integer> declared) {
        this.ports = List.copyOf(declared);
    }

    synchronized void startOnce() {
        if (started) {
            return;
        }
        started = true;
        running = true;
        loop = Thread.ofVirtual().name("lablink-tunnel").start(this::keepOpen);
    }

    boolean isOpen() {
        WebSocket webSocket = control;
        return webSocket != null && !webSocket.isInputClosed() && !webSocket.isOutputClosed();
    }

    /** Streams being copied right now; 0 once every one has ended (their sockets closed, their threads gone). */
    int openStreams() {
        return streams.get();
    }

    private void keepOpen() {
        long openedAt = Long.MIN_VALUE;
        while (running) {
            if (openedAt != Long.MIN_VALUE && System.nanoTime() - openedAt > STABLE.toNanos()) {
                backoff.reset();
            }
            openedAt = Long.MIN_VALUE;
            CompletableFuture<Void> closed = new CompletableFuture<>();
            try {
                control = http.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + settings.token())
                        .connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(webSocketUri("api/v1/agent/tunnel"), new ControlListener(closed))
                        .get(15, TimeUnit.SECONDS);
                Agent.log("tunnel open");
                openedAt = System.nanoTime();
                lastPongNanos = openedAt;
                while (!closed.isDone() && running) {
                    try {
                        closed.get(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException quiet) {
                        if (System.nanoTime() - lastPongNanos > 2 * PING_EVERY.toNanos()) {
                            Agent.log("tunnel silent: no pong for " + 2 * PING_EVERY.toSeconds() + " s; opening it again");
                            abort();
                            break;
                        }
                        control.sendPing(ByteBuffer.allocate(0)).get(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                if (!running) {
                    return;
                }
                if (System.nanoTime() - openedAt > STABLE.toNanos()) {
                    backoff.reset();
                }
                openedAt = Long.MIN_VALUE;
                // an allocator that accepts and at once closes (shutting down, replaced) must not be hammered
                Duration pause = backoff.next();
                Agent.log("tunnel closed; opening it again in " + pause.toMillis() + " ms");
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                Throwable cause = e.getCause() == null ? e : e.getCause();
                Duration pause = backoff.next();
                Agent.log("tunnel could not open (" + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                        + "); retrying in " + pause.toMillis() + " ms");
                abort();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void open(String stream, int port) {
        if (!ports.contains(port)) {
            refuse(stream, "port " + port + " is not declared by this machine's session; the agent refused it");
            return;
        }
        threads.execute(() -> {
            streams.incrementAndGet();
            try {
                new TunnelStreamPipe(settings.allocatorUrl().resolve("api/v1/agent/tunnel/streams/" + stream), settings.token(), port).run();
            } catch (java.io.IOException e) {
                refuse(stream, "nothing answers on port " + port + " of the machine (" + e.getMessage() + "); has the session started it?");
            } finally {
                streams.decrementAndGet();
            }
        });
    }

    private void refuse(String stream, String reason) {
        Agent.log("stream " + stream + " refused: " + reason);
        WebSocket webSocket = control;
        if (webSocket == null) {
            return;
        }
        try {
            String message = JSON.std.asString(Map.of("type", "refused", "stream", stream, "reason", reason));
            synchronized (this) {
                webSocket.sendText(message, true).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            Agent.log("could not tell the allocator: " + e.getMessage());
        }
    }

    private URI webSocketUri(String path) {
        URI http = settings.allocatorUrl().resolve(path);
        String scheme = "https".equals(http.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + http.toString().substring(http.getScheme().length()));
    }

    private void abort() {
        WebSocket webSocket = control;
        if (webSocket != null) {
            webSocket.abort();
        }
    }

    void stop() {
        running = false;
        abort();
        if (loop != null) {
            loop.interrupt();
        }
        threads.shutdownNow();
    }

    private final class ControlListener implements WebSocket.Listener {
        private final CompletableFuture<Void> closed;
        private final StringBuilder text = new StringBuilder();

        ControlListener(CompletableFuture<Void> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    Map<String, Object> body = JSON.std.mapFrom(message);
                    if ("open".equals(body.get("type")) && body.get("stream") instanceof String stream && body.get("port") instanceof Number port) {
                        open(stream, port.intValue());
                    }
                } catch (RuntimeException e) {
                    Agent.log("ignored a tunnel message that is not JSON");
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastPongNanos = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }
    }
}
