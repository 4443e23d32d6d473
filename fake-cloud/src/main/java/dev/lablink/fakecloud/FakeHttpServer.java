package dev.lablink.fakecloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** The HTTP plumbing every fake shares: a loopback server and a record of the requests it answered. */
public abstract class FakeHttpServer implements AutoCloseable {
    /** One request as the fake saw it, for tests that assert on what a provider sent. */
    public record Request(String method, String path, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Consumer<LaunchedInstance> onLaunch = instance -> {
    };
    private volatile java.util.function.Consumer<String> onTerminate = id -> {
    };

    FakeHttpServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
                handle(exchange, body);
            } catch (RuntimeException e) {
                send(exchange, 500, "text/plain", "fake cloud failed: " + e);
            }
        });
        server.start();
    }

    abstract void handle(HttpExchange exchange, String body) throws IOException;

    /** Called with each instance the fake launches (lablink dev fake-cloud starts a real agent for it). */
    public void onLaunch(java.util.function.Consumer<LaunchedInstance> listener) {
        this.onLaunch = listener;
    }

    /** Called with the id of each instance the fake terminates. */
    public void onTerminate(java.util.function.Consumer<String> listener) {
        this.onTerminate = listener;
    }

    void launched(LaunchedInstance instance) {
        onLaunch.accept(instance);
    }

    void terminated(String id) {
        onTerminate.accept(id);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
