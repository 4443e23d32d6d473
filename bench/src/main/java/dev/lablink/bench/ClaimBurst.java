package dev.lablink.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 1: N ready seats, N participants claiming at once over HTTP (or arriving at a set
 * rate, which shows the claim's own latency rather than the queue a simultaneous burst forms). Reports throughput,
 * latency percentiles, double-bookings (a machine held by two people, or one person holding
 * two) and requests that failed although a seat existed. Warm-up rounds come first and are not
 * measured (a workshop's allocator has served requests before the room arrives): bursts of the
 * same size on seats of their own, until the JIT has compiled the claim path.
 */
final class ClaimBurst {
    private final int seats;
    private final int warmUpRounds;
    /** Claims per second arriving; 0 sends every claim at the same instant. */
    private final int rate;

    ClaimBurst(int seats, int warmUpRounds, int rate) {
        this.seats = seats;
        this.warmUpRounds = warmUpRounds;
        this.rate = rate;
    }

    private record Burst(long[] latencies, int failed, double seconds) {
    }

    Result run(BenchDatabase database, AllocatorProcess allocator) throws Exception {
        database.seedReadyMachines("bench", (warmUpRounds + 1) * seats);
        HttpClient http = Participants.client();
        for (int round = 1; round <= warmUpRounds; round++) {
            Burst warmUp = burst(allocator, http, "warm-up-" + round);
            System.err.printf("warm-up %d: %.0f claims/s, p99 %.1f ms%n", round, seats / warmUp.seconds(), new Latencies(warmUp.latencies()).percentileMs(99));
        }
        double[] before = serverTime(allocator);
        Burst measured = burst(allocator, http, "participant");
        double[] after = serverTime(allocator);
        Latencies latencies = new Latencies(measured.latencies());
        int claimed = database.jdbc.sql("SELECT count(*) FROM claims WHERE released_at IS NULL AND email LIKE 'participant-%'")
                .query(Integer.class).single();
        return new Result("claim-burst")
                .put("seats", seats)
                .put("warm_up_rounds", warmUpRounds)
                .put("arrival", rate == 0 ? "all at once" : rate + " claims/s")
                .put("claimed", claimed)
                .put("throughput_claims_per_s", seats / measured.seconds())
                .put("p50_ms", latencies.percentileMs(50))
                .put("p99_ms", latencies.percentileMs(99))
                .put("max_ms", latencies.percentileMs(100))
                .put("server_mean_ms", (after[0] - before[0]) / (after[1] - before[1]) * 1000)
                .put("double_bookings", database.doubleBookings())
                .put("failed_requests", measured.failed());
    }

    /**
     * The allocator's own total seconds and count of claim requests (Micrometer's
     * {@code http.server.requests}): their mean over the burst is the time inside the allocator,
     * the rest of a participant's latency is waiting to get in.
     */
    private static double[] serverTime(AllocatorProcess allocator) throws Exception {
        String series = "http_server_requests_seconds_%s\\{[^}]*uri=\"/api/v1/claims\"[^}]*\\}";
        return new double[] {allocator.prometheus(series.formatted("sum")), allocator.prometheus(series.formatted("count"))};
    }

    /** {@code seats} claims released at one instant, each from its own virtual thread and connection. */
    private Burst burst(AllocatorProcess allocator, HttpClient http, String who) throws InterruptedException {
        long[] latencies = new long[seats];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        long[] began = new long[1];
        try (ExecutorService participants = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < seats; i++) {
                int n = i;
                participants.submit(() -> {
                    start.await();
                    if (rate > 0) {
                        LockSupport.parkNanos(began[0] + n * 1_000_000_000L / rate - System.nanoTime());
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = Participants.claim(http, allocator, who + "-" + n + "@bench.example");
                    latencies[n] = System.nanoTime() - t0;
                    if (response.statusCode() != 201) {
                        failed.incrementAndGet();
                    }
                    return null;
                });
            }
            Thread.sleep(200); // every participant parked at the latch
            began[0] = System.nanoTime();
            start.countDown();
        }
        return new Burst(latencies, failed.get(), (System.nanoTime() - began[0]) / 1e9);
    }
}
