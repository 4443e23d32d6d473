package dev.lablink.server.health;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.core.machine.MachineState;
import dev.lablink.server.agentapi.MachinePrincipal;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.events.EventRepository;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineRepository;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/agent/heartbeat}: the agent is alive. Brings an UNREACHABLE machine back to
 * the state it left, and records a reboot or a session that ended as events for the admin.
 */
@RestController
public class HeartbeatController {
    private final MachineRepository machines;
    private final HeartbeatRepository heartbeats;
    private final EventRepository events;
    private final LabLinkConfig config;

    public HeartbeatController(MachineRepository machines, HeartbeatRepository heartbeats, EventRepository events, LabLinkConfig config) {
        this.machines = machines;
        this.heartbeats = heartbeats;
        this.events = events;
        this.config = config;
    }

    /** The answer tells the agent its machine's state and when to beat next. */
    public record Answer(String name, String state, int heartbeatSeconds) {
    }

    @PostMapping("/api/v1/agent/heartbeat")
    public Answer heartbeat(@AuthenticationPrincipal MachinePrincipal principal, @RequestBody Heartbeat heartbeat) {
        if (heartbeat.diskFreeBytes() != null && heartbeat.diskFreeBytes() < 0) {
            throw new BadRequestException("disk_free_bytes", "disk_free_bytes must be 0 or more");
        }
        if (heartbeat.bootId() != null && heartbeat.bootId().length() > 100) {
            throw new BadRequestException("boot_id", "boot_id must be at most 100 characters");
        }
        long id = principal.machineId();
        String actor = "agent:" + principal.name();
        HeartbeatRepository.Previous previous = heartbeats.record(id, heartbeat);
        machines.returnFromUnreachable(id, actor);
        if (previous.bootId() != null && heartbeat.bootId() != null && !previous.bootId().equals(heartbeat.bootId())) {
            events.record(actor, id, "REBOOTED", "the machine rebooted (boot id " + previous.bootId() + " → " + heartbeat.bootId() + ")");
        }
        Machine machine = machines.findById(id).orElseThrow();
        if (Boolean.TRUE.equals(previous.sessionAlive()) && Boolean.FALSE.equals(heartbeat.sessionAlive())
                && machine.state() == MachineState.IN_USE) {
            events.record(actor, id, "SESSION_EXITED", "the session of " + machine.assignedEmail() + " is no longer running");
        }
        return new Answer(machine.name(), machine.state().name(), config.telemetry().heartbeatSeconds());
    }
}
