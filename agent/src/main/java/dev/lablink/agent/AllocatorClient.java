package dev.lablink.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.jr.ob.JSON;

/** The agent's side of {@code /api/v1/agent}: register, long-poll, report state. */
public class AllocatorClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AgentSettings settings;

    public AllocatorClient(AgentSettings settings) {
        this.settings = settings;
    }

    /**
     * The allocator's orders on registration: heartbeat interval, extra log files, bound of the log
     * spool, GPU sampling interval, the ports its tunnel may open streams to, and where to write
     * the keys that may ssh in (null: the session runs no sshd).
     */
    public record Orders(Duration heartbeat, List<String> logFiles, long logSpoolMaxBytes, Duration gpuSample, List<Integer> tunnelPorts,
                         SshOrders ssh, SessionOrders session) {
    }

    /** {@code session.ssh} for the agent: sshd's port, the authorized_keys file (with ~ and {work_dir} unresolved) and the admins' keys. */
    public record SshOrders(int port, String authorizedKeys, List<String> adminKeys) {
    }

    public Orders register(Map<String, Object> facts) throws IOException, InterruptedException {
        HttpResponse<String> response = send(post("api/v1/agent/register", facts, Duration.ofSeconds(15)));
        return orders(JSON.std.mapFrom(response.body()));
    }

    /**
     * The orders before registering, to prepare the machine by (clone, pull); the allocator counts
     * the call as the agent being alive. Empty from an allocator that has no such call (an older one).
     */
    public Optional<Orders> orders(java.time.Instant startedAt) throws IOException, InterruptedException {
        HttpRequest request = base("api/v1/agent/orders?started_at=" + startedAt, Duration.ofSeconds(15)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 || response.statusCode() == 204) {
            return Optional.empty();
        }
        String body = check(request, response).body();
        try {
            return Optional.of(orders(JSON.std.mapFrom(body)));
        } catch (RuntimeException e) {
            throw new IOException("GET " + request.uri().getPath() + " answered what is not orders: " + e.getMessage());
        }
    }

    private static Orders orders(Map<String, Object> body) {
        List<String> files = new java.util.ArrayList<>();
        if (body.get("log_files") instanceof List<?> list) {
            list.forEach(file -> files.add(String.valueOf(file)));
        }
        long spool = body.get("log_spool_max_bytes") instanceof Number number ? number.longValue() : LogShipper.DEFAULT_SPOOL_MAX_BYTES;
        List<Integer> ports = new java.util.ArrayList<>();
        if (body.get("tunnel_ports") instanceof List<?> list) {
            list.stream().filter(Number.class::isInstance).map(port -> ((Number) port).intValue()).forEach(ports::add);
        }
        SshOrders ssh = null;
        if (body.get("ssh") instanceof Map<?, ?> map && map.get("authorized_keys") instanceof String keysFile) {
            List<String> adminKeys = new java.util.ArrayList<>();
            if (map.get("admin_keys") instanceof List<?> list) {
                list.forEach(key -> adminKeys.add(String.valueOf(key)));
            }
            ssh = new SshOrders(map.get("port") instanceof Number port ? port.intValue() : 0, keysFile, List.copyOf(adminKeys));
        }
        return new Orders(seconds(body, "heartbeat_seconds", HeartbeatSender.DEFAULT_INTERVAL), List.copyOf(files), spool,
                seconds(body, "gpu_sample_seconds", GpuSampler.DEFAULT_INTERVAL), List.copyOf(ports), ssh, SessionOrders.from(body.get("session")));
    }

    /** Sends one heartbeat; returns the interval the allocator asks for next. */
    public Duration heartbeat(Map<String, Object> facts) throws IOException, InterruptedException {
        HttpResponse<String> response = send(post("api/v1/agent/heartbeat", facts, Duration.ofSeconds(10)));
        return seconds(JSON.std.mapFrom(response.body()), "heartbeat_seconds", HeartbeatSender.DEFAULT_INTERVAL);
    }

    /** Sends one GPU reading. */
    public void reportGpus(Map<String, Object> reading) throws IOException, InterruptedException {
        send(post("api/v1/agent/gpu", reading, Duration.ofSeconds(15)));
    }

    /** Sends one gzip-compressed batch of log lines. */
    public void shipLogs(byte[] gzippedJson) throws IOException, InterruptedException {
        send(base("api/v1/agent/logs", Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzippedJson))
                .build());
    }

    /** An interval the allocator gives in whole seconds; {@code otherwise} when it gives none that makes sense. */
    private static Duration seconds(Map<String, Object> body, String key, Duration otherwise) {
        return body.get(key) instanceof Number number && number.intValue() > 0 ? Duration.ofSeconds(number.intValue()) : otherwise;
    }

    /**
     * Waits until the allocator's assignment differs from {@code current} (its claim and revision,
     * either null); empty when the wait ran out.
     */
    public Optional<Assignment> awaitAssignment(Long current, String revision) throws IOException, InterruptedException {
        String query = "api/v1/agent/assignment?wait=" + settings.pollWait().toSeconds()
                + (current == null ? "" : "&current=" + current)
                + (current == null || revision == null ? "" : "&revision=" + java.net.URLEncoder.encode(revision, java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = base(query, settings.pollWait().plusSeconds(15)).GET().build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        Map<String, Object> body = JSON.std.mapFrom(response.body());
        Number claimId = (Number) body.get("claim_id");
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) body.getOrDefault("command", List.of());
        Map<?, ?> crd = body.get("crd") instanceof Map<?, ?> map ? map : Map.of();
        return Optional.of(new Assignment(claimId == null ? null : claimId.longValue(),
                (String) body.get("email"), command == null ? List.of() : command,
                (String) crd.get("code"), (String) crd.get("pin"), body.get("revision") instanceof String r ? r : null,
                body.get("ssh_public_key") instanceof String key ? key : null, stringsIn(body.get("env")),
                body.get("image") instanceof String image ? image : null));
    }

    private static Map<String, String> stringsIn(Object value) {
        Map<String, String> strings = new java.util.TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, text) -> {
                if (name instanceof String n && text instanceof String t) {
                    strings.put(n, t);
                }
            });
        }
        return strings;
    }

    public void reportState(String state, Long claimId, String reason) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        if (claimId != null) {
            body.put("claim_id", claimId);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        send(post("api/v1/agent/state", body, Duration.ofSeconds(15)));
    }

    private HttpRequest post(String path, Map<String, Object> body, Duration timeout) throws IOException {
        return base(path, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)))
                .build();
    }

    private HttpRequest.Builder base(String path, Duration timeout) {
        return HttpRequest.newBuilder(settings.allocatorUrl().resolve(URI.create(path)))
                .timeout(timeout)
                .header("Authorization", "Bearer " + settings.token())
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return check(request, http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> check(HttpRequest request, HttpResponse<String> response) throws IOException {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new TokenRejectedException();
        }
        if (status >= 300) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + status + ": " + response.body());
        }
        return response;
    }

    /** The allocator no longer accepts this machine's token: the machine was destroyed or never existed. */
    public static class TokenRejectedException extends RuntimeException {
        TokenRejectedException() {
            super("the allocator rejected this machine's token");
        }
    }
}
