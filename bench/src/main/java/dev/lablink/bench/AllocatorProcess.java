package dev.lablink.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One allocator in a JVM of its own, so its heap, RSS and threads are measured apart from the
 * load generator's. It runs on an external PostgreSQL (the benchmark's {@link BenchDatabase}) with
 * the yaml a scenario gives, plus the database, a random port and the admin password.
 */
final class AllocatorProcess implements AutoCloseable {
    static final String ADMIN_PASSWORD = "bench-admin-password";
    /** Issued by the allocator started last (see {@link #issueToken}). */
    private static volatile String apiToken;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path log;
    /** For the allocator's metrics, which a scenario may read every quarter second. */
    private final HttpClient metrics = HttpClient.newHttpClient();

    AllocatorProcess(String name, BenchDatabase database, String extraYaml) throws IOException {
        Path dir = Files.createTempDirectory("lablink-bench-" + name + "-");
        Path config = dir.resolve("lablink.yaml");
        Files.writeString(config, """
                data_dir: %s
                server:
                  port: %d
                app:
                  admin_password: %s
                # Simulated agents send no heartbeats: without this the watchdog would find them silent,
                # and recovery would replace their machines mid-run.
                telemetry:
                  heartbeat_seconds: 3600
                db:
                  url: %s
                  user: %s
                  password: %s
                %s
                """.formatted(dir.resolve("data"), freePort(), ADMIN_PASSWORD, database.jdbcUrl(), database.user(), database.password(), extraYaml));
        log = dir.resolve("allocator.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AllocatorMain.class.getName(), config.toString()));
        command.addAll(1, List.of("-XX:+UseG1GC", "-Xmx2g"));
        String extraOptions = System.getenv("BENCH_ALLOCATOR_JAVA_OPTS"); // a profiler, say
        if (extraOptions != null && !extraOptions.isBlank()) {
            command.addAll(1, List.of(extraOptions.replace("{name}", name).trim().split("\\s+")));
        }
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        port = awaitPort(name);
        apiToken = issueToken();
    }

    /**
     * Scenarios authenticate with an API token, not the password: a bcrypt check per request would
     * make every admin call cost tens of milliseconds of CPU and the numbers measure hashing. The
     * token lives in the database, so the one the latest start issued is good on every allocator of
     * that database.
     */
    private String issueToken() throws IOException {
        try {
            HttpResponse<String> issued = metrics.send(HttpRequest.newBuilder(URI.create(url("/api/v1/tokens")))
                    .header("Authorization", basicAuthorization()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(issued.body());
            if (issued.statusCode() != 201 || !token.find()) {
                throw new IllegalStateException("POST /api/v1/tokens answered " + issued.statusCode() + ": " + issued.body());
            }
            return token.group(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while issuing the bench's API token", e);
        }
    }

    private int awaitPort(String name) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> bound = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(AllocatorMain.LISTENING)) {
                        return Integer.parseInt(line.substring(AllocatorMain.LISTENING.length()).trim());
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        try {
            int found = bound.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (found > 0) {
                return found;
            }
        } catch (Exception e) {
            // reported below with the allocator's own log
        }
        process.destroyForcibly();
        throw new IllegalStateException("allocator " + name + " did not start; its log " + log + " ends:\n" + tail(log));
    }

    /** The allocator refuses port 0 in its yaml, so a free one is picked here. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long pid() {
        return process.pid();
    }

    static String adminAuthorization() {
        return apiToken != null ? "Bearer " + apiToken : basicAuthorization();
    }

    private static String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the allocator process holds now. The heap is measured after a full GC (the one a class
     * histogram takes), so it is what stays live; the histogram is kept beside the allocator's log.
     */
    record Footprint(double heapAfterGcMb, double rssMb, int threads, Path heapHistogram) {
    }

    Footprint footprint() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path histogram = log.resolveSibling("heap-histogram.txt");
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(histogram.toFile()).start();
        gc.waitFor();
        String status = Files.readString(Path.of("/proc", String.valueOf(pid()), "status"));
        return new Footprint(prometheus("jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}") / 1024 / 1024,
                procValue(status, "VmRSS") / 1024.0, (int) procValue(status, "Threads"), histogram);
    }

    /** The allocator's virtual-thread scheduler: how many carriers run its virtual threads (from jcmd). */
    int carrierParallelism() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process scheduler = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "Thread.vthread_scheduler")
                .redirectErrorStream(true).start();
        String out = new String(scheduler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        scheduler.waitFor();
        Matcher parallelism = Pattern.compile("parallelism = (\\d+)").matcher(out);
        return parallelism.find() ? Integer.parseInt(parallelism.group(1)) : -1;
    }

    /** The sum of a metric's series from the allocator's own /actuator/prometheus. */
    double prometheus(String seriesPattern) throws IOException, InterruptedException {
        HttpResponse<String> response = metrics.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                .header("Authorization", adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /actuator/prometheus answered " + response.statusCode());
        }
        Matcher series = Pattern.compile("^" + seriesPattern + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(response.body());
        double sum = 0;
        while (series.find()) {
            sum += Double.parseDouble(series.group(1));
        }
        return sum;
    }

    private static long procValue(String status, String key) {
        Matcher value = Pattern.compile("^" + key + ":\\s+(\\d+)", Pattern.MULTILINE).matcher(status);
        return value.find() ? Long.parseLong(value.group(1)) : -1;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        metrics.close();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
