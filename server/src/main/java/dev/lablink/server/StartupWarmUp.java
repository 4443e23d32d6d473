package dev.lablink.server;

import dev.lablink.server.logging.LoggingWarmUp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the allocator says it listens: the paths a burst takes first (the request page, a static
 * file, the seat count, a refused admin call, a bad claim, a missing page) are each requested once
 * over loopback, and logging is formatted once. Their classes are then loaded before load arrives;
 * class loading under a burst of virtual threads is what once hung the allocator for good. Nothing
 * here changes any state.
 */
final class StartupWarmUp {
    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StartupWarmUp() {
    }

    static void run(int port) {
        LoggingWarmUp.run();
        String base = "http://127.0.0.1:" + port;
        List<HttpRequest> requests = List.of(
                get(base + "/"),
                get(base + "/css/lablink.css"),
                get(base + "/api/v1/seats"),
                get(base + "/api/v1/vms"), // 401: no credentials
                HttpRequest.newBuilder(URI.create(base + "/api/v1/vms")).timeout(TIMEOUT)
                        .header("Authorization", "Basic d2FybS11cDp3YXJtLXVw").build(), // 401: wrong ones, checked against the database
                HttpRequest.newBuilder(URI.create(base + "/api/v1/claims")).timeout(TIMEOUT).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"not an email\"}")).build(), // 401: an admin's route
                get(base + "/admin/login"),
                get(base + "/no-such-page")); // 404
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            for (HttpRequest request : requests) {
                try {
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException e) {
                    log.debug("warm-up request {} failed: {}", request.uri(), e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        // A real line, through the real appenders and their locks: often the run's first, which
        // would otherwise be a warning written by a burst of request threads and a background job at once.
        log.info("ready on port {}, {} virtual-thread carriers", port, System.getProperty(VirtualThreadCarriers.PARALLELISM, "default"));
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
    }
}
