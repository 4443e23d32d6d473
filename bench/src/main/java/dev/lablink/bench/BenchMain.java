package dev.lablink.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Runs one benchmark scenario against fresh allocator processes on a fresh PostgreSQL and prints
 * its figures as a table and as one line of JSON. See docs/benchmarks.md for each scenario.
 */
public final class BenchMain {
    static final String USAGE = """
            usage: bin/bench SCENARIO [--option N]...
              claim-burst     [--seats 1000] [--warm-up 5] [--rate 0]       N participants claim N seats at once (or at --rate per s)
              waiting-agents  [--agents 10000] [--claim-rate 200] [--warm-up 3]  N agents long-poll, then each machine is claimed
              two-allocators  [--agents 2000] [--claim-rate 200] [--warm-up 3]   the same, agents and claims spread over two allocators
              log-ingest      [--agents 20] [--batches 100] [--lines 2000] agents ship log batches as fast as they are taken
              fan-out         [--machines 100] [--latency-ms 2000]         create machines on a fake EC2 that answers after a latency
              flood           [--requests 5000]                            N concurrent GET /, then an admin request and a static file must answer within 1 s
              tunnel          [--megabytes 2000] [--round-trips 5000] [--opens 500] [--streams 1000] [--http-requests 2000]
                              one stream's throughput, added latency, stream opens, N streams at once, HTTP requests through the app proxy
            """;

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.print(USAGE);
            System.exit(2);
        }
        Map<String, Integer> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Result result;
        try {
            result = run(args[0], options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(result.table());
        System.out.println(result.json());
        System.exit(0);
    }

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "claim-burst", Set.of("seats", "warm-up", "rate"),
            "waiting-agents", Set.of("agents", "claim-rate", "warm-up"),
            "two-allocators", Set.of("agents", "claim-rate", "warm-up"),
            "log-ingest", Set.of("agents", "batches", "lines"),
            "fan-out", Set.of("machines", "latency-ms"),
            "flood", Set.of("requests"),
            "tunnel", Set.of("megabytes", "round-trips", "opens", "streams", "http-requests"));

    static Result run(String scenario, Map<String, Integer> options) throws Exception {
        Set<String> known = OPTIONS.get(scenario);
        if (known == null) {
            throw new IllegalArgumentException("unknown scenario '" + scenario + "'\n" + USAGE);
        }
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("--" + name + " is not an option of " + scenario + "; it takes --"
                        + String.join(", --", new TreeSet<>(known)));
            }
        }
        try (BenchDatabase database = new BenchDatabase()) {
            return switch (scenario) {
                case "claim-burst" -> {
                    try (AllocatorProcess allocator = new AllocatorProcess("a", database, "")) {
                        yield new ClaimBurst(option(options, "seats", 1000), option(options, "warm-up", 5), option(options, "rate", 0))
                                .run(database, allocator);
                    }
                }
                case "log-ingest" -> {
                    try (AllocatorProcess allocator = new AllocatorProcess("a", database, "")) {
                        yield new LogIngest(option(options, "agents", 20), option(options, "batches", 100), option(options, "lines", 2000))
                                .run(database, allocator);
                    }
                }
                case "flood" -> {
                    try (AllocatorProcess allocator = new AllocatorProcess("a", database, "")) {
                        yield new RequestFlood(option(options, "requests", 5000)).run(database, allocator);
                    }
                }
                case "tunnel" -> new TunnelBench(option(options, "megabytes", 2000), option(options, "round-trips", 5000),
                        option(options, "opens", 500), option(options, "streams", 1000),
                        option(options, "http-requests", 2000)).run(database);
                case "waiting-agents" -> waitingAgents(scenario, database, 1, options, 10_000);
                case "two-allocators" -> waitingAgents(scenario, database, 2, options, 2000);
                case "fan-out" -> new ProvisioningFanOut(option(options, "machines", 100), Duration.ofMillis(option(options, "latency-ms", 2000)))
                        .run(database);
                default -> throw new IllegalStateException(scenario);
            };
        }
    }

    private static Result waitingAgents(String scenario, BenchDatabase database, int allocatorCount, Map<String, Integer> options,
                                        int defaultAgents) throws Exception {
        int agents = option(options, "agents", defaultAgents);
        int claimRate = option(options, "claim-rate", 200);
        List<AllocatorProcess> allocators = new ArrayList<>();
        try {
            // started side by side: each takes seconds
            List<CompletableFuture<AllocatorProcess>> starting = IntStream.rangeClosed(1, allocatorCount)
                    .mapToObj(a -> CompletableFuture.supplyAsync(() -> startAllocator("a" + a, database))).toList();
            for (CompletableFuture<AllocatorProcess> each : starting) {
                allocators.add(each.join());
            }
            Duration deadline = Duration.ofSeconds(180 + 2L * agents / claimRate);
            return new WaitingAgents(agents, claimRate, option(options, "warm-up", 3), deadline).run(scenario, database, allocators);
        } finally {
            allocators.forEach(AllocatorProcess::close);
        }
    }

    private static AllocatorProcess startAllocator(String name, BenchDatabase database) {
        try {
            return new AllocatorProcess(name, database, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int option(Map<String, Integer> options, String name, int otherwise) {
        int value = options.getOrDefault(name, otherwise);
        if (value < 0 || (value == 0 && !name.equals("rate") && !name.equals("warm-up"))) {
            throw new IllegalArgumentException("--" + name + " must be a positive number; got " + value);
        }
        return value;
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected an option and its number, like --seats 100; got '" + args[i] + "'");
            }
            try {
                options.put(args[i].substring(2), Integer.parseInt(args[i + 1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + " takes a whole number; got '" + args[i + 1] + "'");
            }
        }
        return options;
    }
}
