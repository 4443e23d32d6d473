package dev.lablink.bench;

import dev.lablink.fakecloud.FakeEc2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Scenario 4: an admin asks for N machines on EC2 (the fake, answering each RunInstances after a
 * set latency). The allocator's own provider code makes one call per machine; the wall time shows
 * whether those calls run side by side (about one latency per wave of parallel calls) or in turn
 * (N latencies). Agents never start, so the time ends when the last machine has its instance.
 */
final class ProvisioningFanOut {
    private final int machines;
    private final Duration latency;

    ProvisioningFanOut(int machines, Duration latency) {
        this.machines = machines;
        this.latency = latency;
    }

    Result run(BenchDatabase database) throws Exception {
        try (FakeEc2 ec2 = new FakeEc2(0).launchLatency(latency);
             AllocatorProcess allocator = new AllocatorProcess("a", database, """
                     provider: aws
                     machine:
                       max_count: %d
                     aws:
                       region: us-east-1
                       ami: ami-0123456789abcdef0
                       endpoint: %s
                       access_key_id: bench
                       secret_access_key: bench
                     """.formatted(Math.max(100, machines), ec2.endpoint()));
             HttpClient http = HttpClient.newHttpClient()) {
            long began = System.nanoTime();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(allocator.url("/api/v1/vms")))
                    .header("Authorization", AllocatorProcess.adminAuthorization()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + machines + "}")).build(), HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("POST /api/v1/vms answered " + accepted.statusCode() + ": " + accepted.body());
            }
            double answeredMs = (System.nanoTime() - began) / 1e6;
            long deadline = began + latency.multipliedBy(machines).plusSeconds(60).toNanos();
            int launched = 0;
            while (System.nanoTime() < deadline) {
                launched = database.jdbc.sql("SELECT count(*) FROM machines WHERE provider = 'aws' AND provider_id IS NOT NULL")
                        .query(Integer.class).single();
                if (launched >= machines) {
                    break;
                }
                Thread.sleep(20);
            }
            double wallS = (System.nanoTime() - began) / 1e9;
            return new Result("fan-out")
                    .put("machines", machines)
                    .put("launch_latency_ms", latency.toMillis())
                    .put("request_answered_ms", answeredMs)
                    .put("launched", launched)
                    .put("wall_s", wallS)
                    .put("wall_in_latencies", wallS / (latency.toMillis() / 1000.0))
                    .put("sequential_would_take_s", machines * latency.toMillis() / 1000.0)
                    .put("most_calls_in_flight", ec2.mostLaunchesInFlight());
        }
    }
}
