package dev.lablink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario: N concurrent {@code GET /} (the request page a room opens at once), each on its own
 * loopback connection, every one bounded by a timeout. Then the allocator must still answer: an
 * admin request and a static file, each on a fresh connection, within a second. A flood that
 * leaves the allocator hung (carriers pinned, a lock never let go) fails here, not in a workshop.
 */
final class RequestFlood {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final Duration AFTERWARDS_LIMIT = Duration.ofSeconds(1);

    private final int requests;

    RequestFlood(int requests) {
        this.requests = requests;
    }

    private record Probe(int status, double ms) {
        boolean answeredInTime() {
            return status == 200 && ms < AFTERWARDS_LIMIT.toMillis();
        }
    }

    Result run(BenchDatabase database, AllocatorProcess allocator) throws Exception {
        database.seedReadyMachines("bench", 10); // the page counts free seats
        long[] latencies = new long[requests];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        long began;
        try (HttpClient http = Participants.client(); ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                int n = i;
                senders.submit(() -> {
                    start.await();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(allocator.url("/")))
                                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() == 200 ? ok : refused).incrementAndGet();
                    } catch (java.io.IOException e) {
                        failed.incrementAndGet(); // timed out or dropped
                    }
                    latencies[n] = System.nanoTime() - t0;
                    return null;
                });
            }
            Thread.sleep(200); // every sender parked at the latch
            began = System.nanoTime();
            start.countDown();
        }
        double wall = (System.nanoTime() - began) / 1e9;
        Probe admin;
        Probe css;
        try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(AFTERWARDS_LIMIT.multipliedBy(5)).build()) {
            admin = probe(fresh, HttpRequest.newBuilder(URI.create(allocator.url("/api/v1/vms")))
                    .header("Authorization", AllocatorProcess.adminAuthorization()));
            css = probe(fresh, HttpRequest.newBuilder(URI.create(allocator.url("/css/lablink.css"))));
        }
        Latencies measured = new Latencies(latencies);
        return new Result("flood")
                .put("requests", requests)
                .put("answered_200", ok.get())
                .put("answered_other", refused.get())
                .put("failed_requests", failed.get())
                .put("wall_s", wall)
                .put("p50_ms", measured.percentileMs(50))
                .put("p99_ms", measured.percentileMs(99))
                .put("admin_after_status", admin.status())
                .put("admin_after_ms", admin.ms())
                .put("static_after_status", css.status())
                .put("static_after_ms", css.ms())
                .put("still_answering", admin.answeredInTime() && css.answeredInTime())
                .put("carrier_parallelism", allocator.carrierParallelism());
    }

    /** One request on a connection of its own; status 0 when it did not answer within five times the limit. */
    private static Probe probe(HttpClient http, HttpRequest.Builder request) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            int status = http.send(request.timeout(AFTERWARDS_LIMIT.multipliedBy(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Probe(status, (System.nanoTime() - t0) / 1e6);
        } catch (java.io.IOException e) {
            return new Probe(0, (System.nanoTime() - t0) / 1e6);
        }
    }
}
