package dev.lablink.server.gpu;

import dev.lablink.server.api.Quote;
import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.agentapi.MachinePrincipal;
import dev.lablink.server.api.BadRequestException;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/agent/gpu}: one GPU reading from a machine's agent, stored and judged. */
@RestController
public class GpuController {
    static final int MAX_GPUS = 64;
    private static final List<String> STATUSES = List.of("ok", "no_gpu", "error");

    private final GpuRepository gpus;
    private final GpuHealthRules rules;

    public GpuController(GpuRepository gpus, LabLinkConfig config) {
        this.gpus = gpus;
        this.rules = new GpuHealthRules(config.telemetry().gpuTemperatureLimitC());
    }

    public record Judged(String health, String reason) {
    }

    @PostMapping("/api/v1/agent/gpu")
    public Judged report(@AuthenticationPrincipal MachinePrincipal principal, @RequestBody GpuReading reading) {
        if (reading.status() == null || !STATUSES.contains(reading.status())) {
            throw new BadRequestException("status", "status must be one of " + String.join(", ", STATUSES) + "; got " + Quote.of(reading.status()));
        }
        List<GpuReading.Gpu> list = reading.gpusOrNone();
        if (list.size() > MAX_GPUS) {
            throw new BadRequestException("gpus", "at most " + MAX_GPUS + " GPUs per reading");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null || list.get(i).index() == null || list.get(i).index() < 0) {
                throw new BadRequestException("gpus[" + i + "].index", "gpus[" + i + "].index is required: the GPU's number, 0 or more");
            }
        }
        long machine = principal.machineId();
        GpuRepository.Previous previous = gpus.previous(machine);
        GpuHealth.Verdict verdict = rules.judge(reading, previous.count());
        gpus.insert(machine, Instant.now(), list);
        gpus.recordHealth(machine, verdict, list.size(), verdict.health() != previous.health());
        return new Judged(verdict.health().name(), verdict.reason());
    }
}
