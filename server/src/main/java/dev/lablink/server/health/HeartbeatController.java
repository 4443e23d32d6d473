package dev.lablink.server.health;

import dev.lablink.core.config.LabLinkConfig;
import dev.lablink.server.agentapi.MachinePrincipal;
import dev.lablink.server.api.BadRequestException;
import dev.lablink.server.machines.Machine;
import dev.lablink.server.machines.MachineLifecycle;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/agent/heartbeat}: the agent is alive. Stores the heartbeat; what it means for
 * the machine (back from UNREACHABLE, a reboot, a session that ended) is {@link MachineLifecycle#agentHeartbeat}'s.
 */
@RestController
public class HeartbeatController {
    private final HeartbeatRepository heartbeats;
    private final MachineLifecycle lifecycle;
    private final LabLinkConfig config;

    public HeartbeatController(HeartbeatRepository heartbeats, MachineLifecycle lifecycle, LabLinkConfig config) {
        this.heartbeats = heartbeats;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    private static final int MAX_READY_PORTS = 64;

    /** The ports kept as answering: only declared ones (an agent of an older config may say more), sorted, once each. */
    private Heartbeat declaredOnly(Heartbeat heartbeat) {
        if (heartbeat.readyPorts() == null) {
            return heartbeat;
        }
        java.util.List<Integer> declared = config.session().tunnelPorts();
        return new Heartbeat(heartbeat.bootId(), heartbeat.diskFreeBytes(), heartbeat.load1m(), heartbeat.sessionAlive(),
                heartbeat.readyPorts().stream().filter(p -> p != null && declared.contains(p)).distinct().sorted().toList(),
                heartbeat.softwareRunning());
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
        if (heartbeat.readyPorts() != null && heartbeat.readyPorts().size() > MAX_READY_PORTS) {
            throw new BadRequestException("ready_ports", "ready_ports must list at most " + MAX_READY_PORTS + " ports: those of session.apps and session.ssh");
        }
        String actor = "agent:" + principal.name();
        MachineLifecycle.Beat previous = heartbeats.record(principal.machineId(), declaredOnly(heartbeat));
        Machine machine = lifecycle.agentHeartbeat(principal.machineId(), actor, previous,
                new MachineLifecycle.Beat(heartbeat.bootId(), heartbeat.sessionAlive(), heartbeat.softwareRunning()));
        return new Answer(machine.name(), machine.state().name(), config.telemetry().heartbeatSeconds());
    }
}
