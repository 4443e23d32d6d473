package dev.lablink.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenarios 2 and 5: N agents long-poll for an assignment (agent i polls allocator i mod A), then
 * N participants claim, at a set rate, alternating between allocators in pairs. Measures each allocator's footprint
 * while all N wait, the allocators' database connections, and the time from a claim being sent to
 * its machine's agent holding the assignment, split by whether the claim went to the allocator the
 * agent waits on or to another one (which learns of it through PostgreSQL's NOTIFY). Warm-up
 * rounds of the same kind come first and are not measured.
 */
final class WaitingAgents {
    private static final Pattern MACHINE = Pattern.compile("\"machine\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration LONG_POLL = Duration.ofSeconds(60);

    /** Warm-up rounds are no bigger than this: enough requests for the JIT, without doubling a 10,000-agent run. */
    private static final int WARM_UP_AGENTS = 1000;

    private final int agents;
    private final int claimRate;
    private final int warmUpRounds;
    private final Duration deadline;

    WaitingAgents(int agents, int claimRate, int warmUpRounds, Duration deadline) {
        this.agents = agents;
        this.claimRate = claimRate;
        this.warmUpRounds = warmUpRounds;
        this.deadline = deadline;
    }

    Result run(String scenario, BenchDatabase database, List<AllocatorProcess> allocators) throws Exception {
        Result result = new Result(scenario).put("allocators", allocators.size()).put("agents", agents).put("warm_up_rounds", warmUpRounds);
        for (int round = 1; round <= warmUpRounds; round++) {
            Result warmUp = round("warm-" + round, Math.min(agents, WARM_UP_AGENTS), database, allocators, new Result("warm-up"), false);
            System.err.println("warm-up " + round + ": claim to agent p99 " + warmUp.get("claim_to_agent_p99_ms") + " ms");
        }
        return round("agent", agents, database, allocators, result, true);
    }

    /** Machines {@code prefix-1…count}, an agent waiting on each, then a claim for each. */
    private Result round(String prefix, int count, BenchDatabase database, List<AllocatorProcess> allocators, Result result,
                         boolean measureFootprint) throws Exception {
        List<String> tokens = database.seedReadyMachines(prefix, count);
        long stopAt = System.nanoTime() + deadline.toNanos();
        long[] assignedAt = new long[count];
        AtomicInteger pollErrors = new AtomicInteger();
        try (HttpClient http = Participants.client(); ExecutorService agentThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            long began = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int n = i;
                agentThreads.submit(() -> waitForAssignment(http, allocators.get(n % allocators.size()), tokens.get(n), stopAt, assignedAt, n, pollErrors));
            }
            awaitAllWaiting(allocators, count, stopAt);
            result.put("all_waiting_after_s", (System.nanoTime() - began) / 1e9);
            if (measureFootprint) {
                for (int a = 0; a < allocators.size(); a++) {
                    AllocatorProcess.Footprint footprint = allocators.get(a).footprint();
                    String label = allocators.size() == 1 ? "" : "allocator_" + (a + 1) + "_";
                    result.put(label + "heap_after_gc_mb", footprint.heapAfterGcMb())
                            .put(label + "rss_mb", footprint.rssMb())
                            .put(label + "threads", footprint.threads());
                    System.err.println("heap histogram of allocator " + (a + 1) + ": " + footprint.heapHistogram());
                }
                result.put("db_connections", database.allocatorConnections());
            }
            Claims claims = claimAll(http, allocators, prefix, count);
            agentThreads.shutdown();
            while (!agentThreads.isTerminated() && System.nanoTime() < stopAt) {
                Thread.sleep(50);
            }
            agentThreads.shutdownNow();
            report(result, prefix, claims, assignedAt, allocators.size());
        }
        return result.put("double_bookings", database.doubleBookings()).put("poll_errors", pollErrors.get());
    }

    /** One agent: long polls until its machine is assigned or the run's deadline passes. */
    private Void waitForAssignment(HttpClient http, AllocatorProcess allocator, String token, long stopAt, long[] assignedAt, int n,
                                   AtomicInteger errors) throws InterruptedException {
        HttpRequest poll = HttpRequest.newBuilder(URI.create(allocator.url("/api/v1/agent/assignment?wait=" + LONG_POLL.toSeconds())))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .timeout(LONG_POLL.plusSeconds(30)).build();
        while (System.nanoTime() < stopAt) {
            try {
                HttpResponse<String> response = http.send(poll, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"claim_id\":")) {
                    assignedAt[n] = System.nanoTime();
                    return null;
                }
                if (response.statusCode() != 204) {
                    errors.incrementAndGet();
                    Thread.sleep(1000);
                }
            } catch (java.io.IOException e) {
                errors.incrementAndGet();
                Thread.sleep(1000);
            }
        }
        return null;
    }

    private void awaitAllWaiting(List<AllocatorProcess> allocators, int count, long stopAt) throws Exception {
        while (System.nanoTime() < stopAt) {
            double waiting = 0;
            for (AllocatorProcess allocator : allocators) {
                waiting += allocator.prometheus("lablink_agents_waiting");
            }
            if (waiting >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not every agent was waiting before the deadline");
    }

    /** When each machine's claim was sent, and on which allocator. */
    private record Claims(Map<String, Long> sentAt, Map<String, Integer> allocatorOf, int failed) {
    }

    private Claims claimAll(HttpClient http, List<AllocatorProcess> allocators, String prefix, int count) throws InterruptedException {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Integer> allocatorOf = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        long began = System.nanoTime();
        try (ExecutorService participants = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int j = 0; j < count; j++) {
                int n = j;
                participants.submit(() -> {
                    LockSupport.parkNanos(began + n * 1_000_000_000L / claimRate - System.nanoTime());
                    // pairs of claims alternate between allocators: claims mostly get the next machine in turn,
                    // whose agent waits on allocator n mod A, so about half the claims cross over
                    int a = (n / 2) % allocators.size();
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = Participants.claim(http, allocators.get(a), prefix + "-participant-" + n + "@bench.example");
                    Matcher machine = MACHINE.matcher(response.body());
                    if (response.statusCode() == 201 && machine.find()) {
                        sentAt.put(machine.group(1), t0);
                        allocatorOf.put(machine.group(1), a);
                    } else {
                        failed.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return new Claims(sentAt, allocatorOf, failed.get());
    }

    private void report(Result result, String prefix, Claims claims, long[] assignedAt, int allocatorCount) {
        List<Long> same = new ArrayList<>();
        List<Long> cross = new ArrayList<>();
        int notWoken = 0;
        for (int i = 0; i < assignedAt.length; i++) {
            String name = prefix + "-" + (i + 1);
            Long sent = claims.sentAt().get(name);
            if (sent == null) {
                continue;
            }
            if (assignedAt[i] == 0) {
                notWoken++;
                continue;
            }
            (claims.allocatorOf().get(name) == i % allocatorCount ? same : cross).add(assignedAt[i] - sent);
        }
        List<Long> all = new ArrayList<>(same);
        all.addAll(cross);
        Latencies latencies = new Latencies(all.stream().mapToLong(Long::longValue).toArray());
        result.put("claim_rate_per_s", claimRate)
                .put("claimed", claims.sentAt().size())
                .put("failed_claims", claims.failed())
                .put("claim_to_agent_p50_ms", latencies.percentileMs(50))
                .put("claim_to_agent_p99_ms", latencies.percentileMs(99));
        if (allocatorCount > 1) {
            Latencies staying = new Latencies(same.stream().mapToLong(Long::longValue).toArray());
            Latencies crossing = new Latencies(cross.stream().mapToLong(Long::longValue).toArray());
            result.put("same_allocator_claims", same.size())
                    .put("same_allocator_p50_ms", staying.percentileMs(50))
                    .put("same_allocator_p99_ms", staying.percentileMs(99))
                    .put("cross_allocator_claims", cross.size())
                    .put("cross_allocator_p50_ms", crossing.percentileMs(50))
                    .put("cross_allocator_p99_ms", crossing.percentileMs(99));
        }
        result.put("agents_not_woken", notWoken);
    }
}
