package dev.lablink.server.compat;

import dev.lablink.server.api.Quote;
import static dev.lablink.server.compat.CompatBodies.error;
import static dev.lablink.server.compat.CompatBodies.message;
import static dev.lablink.server.compat.CompatBodies.off;
import static dev.lablink.server.compat.CompatBodies.text;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.gpu.GpuHealth;
import dev.lablink.server.gpu.GpuRepository;
import dev.lablink.server.health.Heartbeat;
import dev.lablink.server.health.HeartbeatRepository;
import dev.lablink.server.logs.LogLine;
import dev.lablink.server.logs.LogRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineLifecycle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What LabLink client images report besides their status: GPU health, in-use, logs, boot metrics
 * and heartbeats, each stored where our own agents' reports go.
 */
@RestController
public class CompatTelemetryController {
    static final int MAX_MESSAGES = 10_000;
    private static final List<String> METRICS = List.of("cloud_init_start", "cloud_init_end", "cloud_init_duration_seconds",
            "container_start", "container_end", "container_startup_duration_seconds");

    private final MachineLifecycle lifecycle;
    private final ClientMachines clients;
    private final ClientGpuFlags gpuFlags;
    private final GpuRepository gpus;
    private final LogRepository logs;
    private final HeartbeatRepository heartbeats;
    private final EventRepository events;
    private final boolean enabled;

    CompatTelemetryController(MachineLifecycle lifecycle, ClientMachines clients, ClientGpuFlags gpuFlags, GpuRepository gpus,
                              LogRepository logs, HeartbeatRepository heartbeats, EventRepository events, LabLinkConfig config) {
        this.lifecycle = lifecycle;
        this.clients = clients;
        this.gpuFlags = gpuFlags;
        this.gpus = gpus;
        this.logs = logs;
        this.heartbeats = heartbeats;
        this.events = events;
        this.enabled = config.compat().enabled();
    }

    @PostMapping("/api/gpu_health")
    public ResponseEntity<Map<String, Object>> gpuHealth(@RequestBody(required = false) Map<String, Object> body) {
        String hostname = text(body, "hostname");
        String status = text(body, "gpu_status");
        if (hostname == null || status == null) {
            return error(HttpStatus.BAD_REQUEST, "GPU status and hostname are required.");
        }
        GpuHealth health = switch (status) {
            case "Healthy" -> GpuHealth.HEALTHY;
            case "Unhealthy" -> GpuHealth.UNHEALTHY;
            case "N/A" -> GpuHealth.NO_GPU;
            default -> null;
        };
        if (health == null) {
            return error(HttpStatus.BAD_REQUEST, "Unknown gpu_status " + Quote.of(status) + "; use Healthy, Unhealthy or N/A.");
        }
        return withMachine(hostname, machine -> {
            GpuHealth before = gpus.previous(machine.id()).health();
            gpus.recordHealth(machine.id(), new GpuHealth.Verdict(health, "the client's nvidia-smi check says " + status), 0, health != before);
            gpuFlags.changed(machine, before, health);
            return message("GPU health status updated successfully.");
        });
    }

    @PostMapping("/api/update_inuse_status")
    public ResponseEntity<Map<String, Object>> inUse(@RequestBody(required = false) Map<String, Object> body) {
        String hostname = text(body, "hostname");
        Object status = body == null ? null : body.get("status");
        if (hostname == null || !(status instanceof Boolean inUse)) {
            return error(HttpStatus.BAD_REQUEST, "Hostname and status are required.");
        }
        return withMachine(hostname, machine -> {
            lifecycle.clientInUse(machine, inUse);
            return message("In-use status updated successfully.");
        });
    }

    @PostMapping("/api/vm-logs")
    public ResponseEntity<Map<String, Object>> postLogs(@RequestBody(required = false) Map<String, Object> body) {
        String group = text(body, "log_group");
        String hostname = text(body, "log_stream");
        if (group == null || hostname == null || !(body.get("messages") instanceof List<?> messages)) {
            return error(HttpStatus.BAD_REQUEST, "Log group, stream, and messages are required.");
        }
        if (messages.size() > MAX_MESSAGES) {
            return error(HttpStatus.BAD_REQUEST, "At most " + MAX_MESSAGES + " messages per post.");
        }
        String stream = group.endsWith("-docker") ? "docker" : "cloud-init";
        return withMachine(hostname, machine -> {
            logs.insertUnnumbered(machine.id(), stream, messages.stream().map(m -> String.valueOf(m).replace('\0', '\uFFFD')).toList());
            return message("VM logs posted successfully.");
        });
    }

    @GetMapping("/api/vm-logs/{hostname}")
    public ResponseEntity<Map<String, Object>> getLogs(@PathVariable String hostname) {
        return withMachine(hostname, machine -> {
            List<LogLine> lines = logs.page(machine.id(), 0, LogRepository.Filter.NONE, 5000);
            if (lines.isEmpty() && (machine.state() == MachineState.PROVISIONING || machine.state() == MachineState.BOOTING)) {
                return error(HttpStatus.SERVICE_UNAVAILABLE, "The VM is still initializing; no logs yet.");
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("hostname", machine.name());
            answer.put("logs", join(lines, null));
            answer.put("cloud_init_logs", join(lines, "cloud-init"));
            answer.put("docker_logs", join(lines, "docker"));
            return ResponseEntity.ok(answer);
        });
    }

    @PostMapping("/api/vm-metrics/{hostname}")
    public ResponseEntity<Map<String, Object>> metrics(@PathVariable String hostname, @RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> known = new LinkedHashMap<>();
        if (body != null) {
            METRICS.forEach(key -> {
                if (body.get(key) instanceof Number number) {
                    known.put(key, number);
                }
            });
        }
        return withMachine(hostname, machine -> {
            events.record("client:" + hostname, machine.id(), "BOOT_METRICS", known.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            return message("VM metrics posted successfully.");
        });
    }

    @PostMapping("/api/heartbeat")
    public ResponseEntity<Map<String, Object>> heartbeat(@RequestBody(required = false) Map<String, Object> body) {
        String hostname = text(body, "vm_id");
        if (hostname == null) {
            return error(HttpStatus.BAD_REQUEST, "vm_id is required.");
        }
        return withMachine(hostname, machine -> {
            Boolean crdActive = body.get("crd_active") instanceof Boolean b ? b : null;
            heartbeats.record(machine.id(), new Heartbeat(text(body, "boot_id"), null, null, crdActive));
            lifecycle.heardFrom(machine.id(), "client:" + hostname);
            return ResponseEntity.ok(Map.of("ok", true));
        });
    }

    private ResponseEntity<Map<String, Object>> withMachine(String hostname,
                                                           java.util.function.Function<Machine, ResponseEntity<Map<String, Object>>> action) {
        if (!enabled) {
            return off();
        }
        return clients.with(hostname, action);
    }

    private static String join(List<LogLine> lines, String stream) {
        return lines.stream().filter(l -> stream == null || l.stream().equals(stream)).map(LogLine::text).collect(Collectors.joining("\n"));
    }

}
