package dev.lablink.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tunnel scenario's HTTP part: a participant's browser (a cookie jar, the request page's CSRF
 * token) claims the bench's machine on the request page, then sends N keep-alive GETs through the
 * app proxy, {@code /m/<machine>/<app>/…}, one after another, and N straight to the app; the
 * difference of their percentiles is what the proxy and the tunnel add to a request. The app is
 * {@link TinyApp}, a few bytes per answer, so the figures are the way there and back, not the app.
 */
final class ProxiedRequests {
    static final String APP = "hello";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int requests;

    ProxiedRequests(int requests) {
        this.requests = requests;
    }

    void run(AllocatorProcess allocator, String machine, TinyApp app, Result result) throws Exception {
        try (HttpClient browser = client(new CookieManager()); HttpClient direct = client(null)) {
            claim(browser, allocator, "bench-participant@bench.example");
            URI proxied = URI.create(allocator.url("/m/" + machine + "/" + APP + "/ping"));
            URI straight = URI.create("http://127.0.0.1:" + app.port() + "/m/" + machine + "/" + APP + "/ping");
            // warm-up, unmeasured: as many as measured (up to 2,000); after 500 the proxied p50 was still falling
            int warmUp = Math.min(requests, 2000);
            Timed warmProxied = gets(browser, proxied, warmUp);
            gets(direct, straight, warmUp);
            int connectionsBefore = app.connections();
            Timed throughProxy = gets(browser, proxied, requests);
            int proxyConnections = app.connections() - connectionsBefore;
            Timed toApp = gets(direct, straight, requests);
            result.put("http_requests", requests);
            result.put("http_proxy_answered_200", throughProxy.answered200());
            result.put("http_proxy_warm_up_answered_200", warmProxied.answered200());
            result.put("http_direct_answered_200", toApp.answered200());
            result.put("http_proxy_connections_to_app", proxyConnections);
            result.put("http_proxy_p50_ms", throughProxy.latencies().percentileMs(50));
            result.put("http_proxy_p99_ms", throughProxy.latencies().percentileMs(99));
            result.put("http_direct_p50_ms", toApp.latencies().percentileMs(50));
            result.put("http_direct_p99_ms", toApp.latencies().percentileMs(99));
            result.put("http_added_p50_ms", throughProxy.latencies().percentileMs(50) - toApp.latencies().percentileMs(50));
            result.put("http_added_p99_ms", throughProxy.latencies().percentileMs(99) - toApp.latencies().percentileMs(99));
            result.put("http_proxy_max_ms", throughProxy.latencies().percentileMs(100));
        }
    }

    /** HTTP/1.1 (no h2c upgrade header), redirects not followed; one pooled keep-alive connection for requests one after another. */
    private static HttpClient client(CookieManager cookies) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor());
        return cookies == null ? builder.build() : builder.cookieHandler(cookies).build();
    }

    /** As the request page's form: its CSRF token, {@code POST /claim} with the email, answered by a redirect to the seat page. */
    private static void claim(HttpClient browser, AllocatorProcess allocator, String email) throws IOException, InterruptedException {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(allocator.url("/"))).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("the request page answered " + page.statusCode() + " without a CSRF token");
        }
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> claimed = browser.send(HttpRequest.newBuilder(URI.create(allocator.url("/claim"))).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (claimed.statusCode() != 302) {
            throw new IllegalStateException("POST /claim answered " + claimed.statusCode() + ": " + claimed.body());
        }
    }

    private record Timed(Latencies latencies, int answered200) {
    }

    /** {@code count} GETs one after another, each timed from sending to its whole body read. */
    private static Timed gets(HttpClient http, URI uri, int count) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        long[] nanos = new long[count];
        int ok = 0;
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() == 200) {
                ok++;
            }
        }
        return new Timed(new Latencies(nanos), ok);
    }

    /** The machine's app: the JDK's own HTTP server on loopback, answering every request with a few bytes. */
    static final class TinyApp implements AutoCloseable {
        private static final byte[] ANSWER = "hello\n".getBytes(StandardCharsets.UTF_8);
        private final HttpServer server;
        /** Connections the app has been asked on: with keep-alive through the proxy, one per pooled connection, not one per request. */
        private final java.util.Set<InetSocketAddress> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();

        TinyApp() throws IOException {
            // headers and body go out as two writes; with Nagle on, the body would wait for the
            // client's delayed ACK (read once, when the first server of this JVM starts)
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try (exchange) {
                    peers.add(exchange.getRemoteAddress());
                    exchange.getRequestBody().readAllBytes();
                    exchange.getResponseHeaders().set("Content-Type", "text/plain");
                    exchange.sendResponseHeaders(200, ANSWER.length);
                    exchange.getResponseBody().write(ANSWER);
                }
            });
            server.start();
        }

        int connections() {
            return peers.size();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
