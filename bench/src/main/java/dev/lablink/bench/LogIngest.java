package dev.lablink.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Scenario 3: M agents ship log batches (gzip JSON, as the agent sends them) as fast as the
 * allocator accepts them; each then resends its last batch, as an agent does after a lost answer.
 * Reports sustained lines per second, and lines lost or stored twice (both must be 0).
 */
final class LogIngest {
    private final int agents;
    private final int batchesPerAgent;
    private final int linesPerBatch;

    LogIngest(int agents, int batchesPerAgent, int linesPerBatch) {
        this.agents = agents;
        this.batchesPerAgent = batchesPerAgent;
        this.linesPerBatch = linesPerBatch;
    }

    Result run(BenchDatabase database, AllocatorProcess allocator) throws Exception {
        List<String> tokens = database.seedReadyMachines("bench", agents);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger reportedDuplicates = new AtomicInteger();
        // Built before the clock starts: gzip on this side would take the allocator's CPU on a small machine.
        List<byte[]> batches = new ArrayList<>();
        for (int batch = 0; batch < batchesPerAgent; batch++) {
            batches.add(batch(batch));
        }
        long began = System.nanoTime();
        try (ExecutorService shippers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (String token : tokens) {
                running.add(shippers.submit(() -> {
                    for (byte[] batch : batches) {
                        if (send(http, allocator, token, batch) == null) {
                            failed.incrementAndGet();
                        }
                    }
                    String resent = send(http, allocator, token, batches.getLast());
                    if (resent != null && resent.contains("\"duplicates\":" + linesPerBatch)) {
                        reportedDuplicates.addAndGet(linesPerBatch);
                    }
                    return null;
                }));
            }
            for (Future<?> each : running) {
                each.get();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long sent = (long) agents * batchesPerAgent * linesPerBatch;
        long stored = database.jdbc.sql("SELECT count(*) FROM log_lines").query(Long.class).single();
        long distinct = database.jdbc.sql("SELECT count(DISTINCT (machine_id, stream, seq)) FROM log_lines").query(Long.class).single();
        return new Result("log-ingest")
                .put("agents", agents)
                .put("lines_sent", sent)
                .put("lines_stored", stored)
                .put("lines_per_s", sent / seconds)
                .put("lost", sent - distinct)
                .put("duplicated", stored - distinct)
                .put("resent_lines_reported_duplicate", reportedDuplicates.get())
                .put("failed_batches", failed.get());
    }

    /** Returns the answer's body, or null when the batch was refused. */
    private static String send(HttpClient http, AllocatorProcess allocator, String token, byte[] gzipped) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(allocator.url("/api/v1/agent/logs")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    private byte[] batch(int batch) throws IOException {
        StringBuilder json = new StringBuilder("{\"lines\":[");
        String at = Instant.now().toString();
        for (int i = 0; i < linesPerBatch; i++) {
            long seq = (long) batch * linesPerBatch + i;
            json.append(i == 0 ? "" : ",").append("{\"stream\":\"session.log\",\"seq\":").append(seq).append(",\"at\":\"").append(at)
                    .append("\",\"text\":\"epoch 3 step ").append(seq).append(" loss=0.0421 lr=3e-4 gpu_util=97% mem=71.2GiB\"}");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
